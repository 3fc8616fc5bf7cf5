using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>One font at one size, with the line height used for it.</summary>
public sealed class TextStyle
{
    private readonly ConcurrentDictionary<int, double> widths = new();
    private readonly XGraphics measureContext;
    private readonly Lock measureLock;

    private readonly IReadOnlySet<int>? loadedCharacters;

    internal TextStyle(XFont font, string fontName, string resolverFamily, double lineHeight, XGraphics measureContext, Lock measureLock, IReadOnlySet<int>? loadedCharacters = null)
    {
        Font = font;
        FontName = fontName;
        ResolverFamily = resolverFamily;
        LineHeight = lineHeight;
        this.measureContext = measureContext;
        this.measureLock = measureLock;
        this.loadedCharacters = loadedCharacters;
    }

    public XFont Font { get; }

    public string FontName { get; }

    /// <summary>The family the font resolver knows the font file by (its bytes: <see cref="ReportFontResolver.GetFont"/>).</summary>
    internal string ResolverFamily { get; }

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

    /// <summary>The advance of one character in points (as <see cref="Measure"/> adds them up).</summary>
    public double Advance(Rune rune) => widths.GetOrAdd(rune.Value, MeasureRune);

    /// <summary>Throws <see cref="MissingGlyphException"/> if any character cannot be drawn.</summary>
    public void CheckGlyphs(string text) => Measure(text);

    /// <summary>The first character of <paramref name="text"/> this font cannot draw, or null if it can draw them all.</summary>
    public Rune? FirstMissing(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!widths.ContainsKey(rune.Value) && !CanDraw(rune)) return rune;
        }
        return null;
    }

    private bool CanDraw(Rune rune)
    {
        if (Rune.IsControl(rune)) return false;
        if (Rune.IsWhiteSpace(rune)) return true;
        lock (measureLock) return GlyphHelper.GlyphIndexFromCodePoint(rune.Value, Font) != 0;
    }

    private double MeasureRune(int codePoint)
    {
        var rune = new Rune(codePoint);
        // The pipeline checks the text before drawing (a GLYPH_MISSING finding); reaching this is a programming error.
        if (!CanDraw(rune)) throw new MissingGlyphException(rune, FontName);
        // Every drawn character is measured first: one outside a reduced font's set would print blank.
        if (loadedCharacters is not null && !loadedCharacters.Contains(codePoint)) throw new GlyphsNotLoadedException(rune);
        lock (measureLock) return measureContext.MeasureString(rune.ToString(), Font).Width;
    }
}
