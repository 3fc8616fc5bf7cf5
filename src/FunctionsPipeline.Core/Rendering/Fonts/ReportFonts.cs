using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>The report's type: Noto Serif SC for body text, Noto Sans SC for title, headings and tables.</summary>
public sealed class ReportFonts
{
    private static readonly ConcurrentDictionary<FontFiles, Lazy<ReportFonts>> Cache = new();
    private readonly Lock measureLock = new();

    private ReportFonts(FontFiles files, IReadOnlySet<int>? onlyCharacters = null)
    {
        var resolver = ReportFontResolver.Instance;
        string Register(string file) => onlyCharacters is null ? resolver.Register(file) : resolver.RegisterReduced(file, onlyCharacters);
        var serif = Register(files.SerifRegular);
        var sans = Register(files.SansRegular);
        var sansBold = Register(files.SansBold);
        var measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);

        TextStyle Style(string family, string name, double size, double lineHeight) =>
            new(new XFont(family, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode)), name, family, lineHeight, measure, measureLock, onlyCharacters);

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

    /// <summary>
    /// Fonts holding only the outlines of these characters (about 1 MB instead of 36 MB), not cached: for a process
    /// that renders one document (see <see cref="Pdf.PdfRenderer.LoadOnlyDocumentGlyphs"/>). Measuring any other
    /// character throws <see cref="GlyphsNotLoadedException"/>.
    /// </summary>
    internal static ReportFonts ForCharacters(FontOptions options, IReadOnlySet<int> characters) =>
        new(FontLocator.Locate(options), characters);
}
