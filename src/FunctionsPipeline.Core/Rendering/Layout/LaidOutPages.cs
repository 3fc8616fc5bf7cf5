using System.Globalization;
using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.Drawing;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>One thing drawn on a laid-out page, in drawing order.</summary>
public abstract record PageItem;

/// <summary>One line of text in one style, its baseline at (<paramref name="X"/>, <paramref name="Baseline"/>) in points from the top left.</summary>
/// <param name="Artifact">Page furniture or a repetition (page numbers, repeated table headers): not in the PDF structure tree.</param>
public sealed record TextRun(string Text, TextStyle Style, double X, double Baseline, bool Artifact) : PageItem;

/// <summary>Stroked rectangles (table cell borders), in points from the top left.</summary>
public sealed record Rules(IReadOnlyList<XRect> Boxes, double LineWidth) : PageItem;

/// <summary>A PDF structure-tree step (open or close an element, set a span), replayed on the PDF only.</summary>
public sealed record Tagging(Action<StructureBuilder> Apply) : PageItem;

/// <summary>A page of the laid-out report.</summary>
public sealed record LaidOutPage(int Number, IReadOnlyList<PageItem> Items);

/// <summary>
/// The report laid out once: every line and page break decided, every run and rule placed. The
/// PDF and the OFD are both drawn from this, so their pages are the same by construction.
/// </summary>
public sealed record LaidOutReport(PageSetup Setup, IReadOnlyList<LaidOutPage> Pages)
{
    /// <summary>Runs the page loop over <paramref name="elements"/> (once: elements remember where they stopped).</summary>
    public static LaidOutReport Lay(IReadOnlyList<Element> elements, PageSetup setup, TextStyle pageNumberStyle)
    {
        var recorder = new PageRecorder(setup, pageNumberStyle);
        PageLoop.Run(recorder, elements);
        return new LaidOutReport(setup, recorder.Pages);
    }
}

/// <summary>
/// What elements draw on during layout: records text runs, rules and structure steps page by
/// page, and adds the 公文 page number ("— 1 —", centred at the foot) as each page is finished.
/// </summary>
public sealed class PageRecorder(PageSetup setup, TextStyle pageNumberStyle)
{
    private readonly List<LaidOutPage> pages = [];
    private List<PageItem> items = [];

    public PageSetup Setup { get; } = setup;

    public int PageNumber => pages.Count + 1;

    public IReadOnlyList<LaidOutPage> Pages => pages;

    /// <summary>Draws one line of text (its structure element must be open) with its baseline at <paramref name="baseline"/>.</summary>
    public void DrawText(string text, TextStyle style, double x, double baseline) => items.Add(new TextRun(text, style, x, baseline, Artifact: false));

    /// <summary>Text that is page furniture or a repetition (repeated table headers): marked as an artifact.</summary>
    public void DrawArtifactText(string text, TextStyle style, double x, double baseline) => items.Add(new TextRun(text, style, x, baseline, Artifact: true));

    /// <summary>Cell borders and rules: graphics artifacts.</summary>
    public void DrawArtifactBoxes(IEnumerable<XRect> boxes, double lineWidth) => items.Add(new Rules(boxes.ToList(), lineWidth));

    /// <summary>A step on the PDF structure tree, in drawing order.</summary>
    public void Tag(Action<StructureBuilder> step) => items.Add(new Tagging(step));

    /// <summary>Finishes this page (page number) and starts the next; open structure elements continue on it.</summary>
    public void NextPage()
    {
        Finish();
        items = [];
    }

    /// <summary>Finishes the current page.</summary>
    public void Finish()
    {
        var text = "— " + PageNumber.ToString(CultureInfo.InvariantCulture) + " —";
        var x = (Setup.Width - pageNumberStyle.Measure(text)) / 2;
        DrawArtifactText(text, pageNumberStyle, x, Setup.FooterBaseline);
        pages.Add(new LaidOutPage(PageNumber, items));
    }
}
