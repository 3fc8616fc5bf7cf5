using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>One font at one size, with the line height used for it.</summary>
public sealed class TextStyle
{
    private readonly ConcurrentDictionary<int, double> widths = new();
    private readonly XGraphics measureContext;
    private readonly Lock measureLock;

    internal TextStyle(XFont font, string fontName, double lineHeight, XGraphics measureContext, Lock measureLock)
    {
        Font = font;
        FontName = fontName;
        LineHeight = lineHeight;
        this.measureContext = measureContext;
        this.measureLock = measureLock;
    }

    public XFont Font { get; }

    public string FontName { get; }

    public double Size => Font.Size;

    public double LineHeight { get; }

    /// <summary>
    /// Width of <paramref name="text"/> in points: the sum of the glyph advances (PDFsharp does not kern).
    /// Throws <see cref="MissingGlyphException"/> for a character the font lacks.
    /// </summary>
    public double Measure(string text)
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes()) width += widths.GetOrAdd(rune.Value, MeasureRune);
        return width;
    }

    /// <summary>Throws <see cref="MissingGlyphException"/> if any character cannot be drawn.</summary>
    public void CheckGlyphs(string text) => Measure(text);

    private double MeasureRune(int codePoint)
    {
        var rune = new Rune(codePoint);
        if (Rune.IsControl(rune)) throw new MissingGlyphException(rune, FontName);
        lock (measureLock)
        {
            if (!Rune.IsWhiteSpace(rune) && GlyphHelper.GlyphIndexFromCodePoint(codePoint, Font) == 0)
                throw new MissingGlyphException(rune, FontName);
            return measureContext.MeasureString(rune.ToString(), Font).Width;
        }
    }
}

/// <summary>The report's type: Noto Serif SC for body text, Noto Sans SC for title, headings and tables.</summary>
public sealed class ReportFonts
{
    private static readonly ConcurrentDictionary<FontFiles, Lazy<ReportFonts>> Cache = new();
    private readonly Lock measureLock = new();

    private ReportFonts(FontFiles files)
    {
        var resolver = ReportFontResolver.Instance;
        var serif = resolver.Register(files.SerifRegular);
        var sans = resolver.Register(files.SansRegular);
        var sansBold = resolver.Register(files.SansBold);
        var measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);

        TextStyle Style(string family, string name, double size, double lineHeight) =>
            new(new XFont(family, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode)), name, lineHeight, measure, measureLock);

        Title = Style(sansBold, "Noto Sans SC Bold", 20, 32);
        Heading1 = Style(sansBold, "Noto Sans SC Bold", 14, 26);
        Heading2 = Style(sansBold, "Noto Sans SC Bold", 12, 24);
        Body = Style(serif, "Noto Serif SC", 12, 24);
        TableText = Style(sans, "Noto Sans SC", 9, 13);
        TableHeader = Style(sansBold, "Noto Sans SC Bold", 9, 13);
        PageNumber = Style(serif, "Noto Serif SC", 11, 16);
    }

    public TextStyle Title { get; }

    public TextStyle Heading1 { get; }

    public TextStyle Heading2 { get; }

    public TextStyle Body { get; }

    public TextStyle TableText { get; }

    public TextStyle TableHeader { get; }

    public TextStyle PageNumber { get; }

    /// <summary>The fonts for these files, created once per process.</summary>
    public static ReportFonts For(FontOptions options)
    {
        var files = FontLocator.Locate(options);
        return Cache.GetOrAdd(files, f => new Lazy<ReportFonts>(() => new ReportFonts(f))).Value;
    }
}
