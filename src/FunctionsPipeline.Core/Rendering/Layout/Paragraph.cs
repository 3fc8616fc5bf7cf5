using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

public enum TextAlign { Left, Center }

/// <summary>
/// Wrapped text in one style. Splits across pages between lines, keeping at least two lines
/// on each side (no orphans, no widows). Tagged as one structure element even when split.
/// </summary>
public class Paragraph(string text, TextStyle style, PdfBlockLevelElementTag tag, double firstLineIndent = 0, TextAlign align = TextAlign.Left) : Element
{
    private const int MinLinesPerPage = 2;
    private IReadOnlyList<string>? lines;
    private double linesWidth = double.NaN;
    private int nextLine;
    private bool started;

    public string Text { get; } = text;

    /// <summary>Whether the paragraph may continue on the next page.</summary>
    protected virtual bool CanSplit => true;

    public IReadOnlyList<string> LinesFor(double width)
    {
        if (lines is null || width != linesWidth)
        {
            lines = LineBreaker.Break(Text, width, style.Measure, firstLineIndent);
            if (align == TextAlign.Center && lines.Count > 1) lines = Balanced(width, lines.Count);
            linesWidth = width;
        }
        return lines;
    }

    /// <summary>A centred title breaks into lines of even length: the narrowest width that needs no more lines.</summary>
    private IReadOnlyList<string> Balanced(double width, int lineCount)
    {
        double narrow = width / lineCount, wide = width;
        for (var i = 0; i < 12; i++)
        {
            var middle = (narrow + wide) / 2;
            if (LineBreaker.Break(Text, middle, style.Measure, firstLineIndent).Count <= lineCount) wide = middle;
            else narrow = middle;
        }
        return LineBreaker.Break(Text, wide, style.Measure, firstLineIndent);
    }

    public override SpacePlan Measure(double width, double availableHeight)
    {
        var remaining = LinesFor(width).Count - nextLine;
        var fit = (int)Math.Floor((availableHeight + 0.001) / style.LineHeight);
        if (fit >= remaining) return SpacePlan.Full(remaining * style.LineHeight);
        if (!CanSplit) return SpacePlan.Wrap;
        if (remaining - fit < MinLinesPerPage) fit = remaining - MinLinesPerPage;
        return fit < MinLinesPerPage ? SpacePlan.Wrap : SpacePlan.Partial(fit * style.LineHeight);
    }

    public override void Draw(PageRecorder canvas, double x, double top, double width, double availableHeight)
    {
        var plan = Measure(width, availableHeight);
        if (plan.Kind == SpacePlanKind.Wrap) return;
        var count = (int)Math.Round(plan.Height / style.LineHeight);
        if (!started)
        {
            canvas.Tag(s => s.BeginElement(tag));
            started = true;
        }
        var all = LinesFor(width);
        for (var i = 0; i < count; i++, nextLine++)
        {
            var line = all[nextLine];
            var lineX = align == TextAlign.Center
                ? x + (width - style.Measure(line)) / 2
                : x + (nextLine == 0 ? firstLineIndent : 0);
            canvas.DrawText(line, style, lineX, Baseline(top + i * style.LineHeight, style));
        }
        if (nextLine == all.Count) canvas.Tag(s => s.End());
    }

    /// <summary>Baseline that centres CJK glyphs (ideographic em box ≈ 0.12 em below to 0.88 em above the baseline) in a line box.</summary>
    internal static double Baseline(double lineTop, TextStyle style) => lineTop + style.LineHeight / 2 + 0.38 * style.Size;
}

/// <summary>A heading: never split, never left alone at the foot of a page.</summary>
public sealed class Heading(string text, TextStyle style, PdfBlockLevelElementTag tag, double indent = 0, TextAlign align = TextAlign.Left)
    : Paragraph(text, style, tag, indent, align)
{
    public override bool KeepWithNext => true;

    protected override bool CanSplit => false;
}
