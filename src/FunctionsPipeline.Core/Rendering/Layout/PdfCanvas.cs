using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// Draws laid-out pages (<see cref="LaidOutReport"/>) on a tagged PDF, replaying their runs, rules
/// and structure steps in order. Keeps marked content properly nested with text objects
/// (see pdfsharp-notes.md): text and graphics artifacts switch the renderer's mode explicitly,
/// page numbers come last on each page, and a page's lazy set-up is forced at once.
/// </summary>
public sealed class PdfCanvas : IDisposable
{
    private readonly PdfDocument document;
    private readonly UAManager accessibility;
    private XGraphics graphics;

    public PdfCanvas(PdfDocument document, PageSetup setup, string language)
    {
        this.document = document;
        Setup = setup;
        accessibility = UAManager.ForDocument(document);
        accessibility.SetDocumentLanguage(language);
        graphics = OpenPage(document.AddPage());
    }

    public PageSetup Setup { get; }

    public StructureBuilder Structure => accessibility.StructureBuilder;

    /// <summary>Draws every page of <paramref name="report"/> on this document.</summary>
    public void Draw(LaidOutReport report)
    {
        for (var i = 0; i < report.Pages.Count; i++)
        {
            if (i > 0) NextPage();
            foreach (var item in report.Pages[i].Items)
            {
                switch (item)
                {
                    case TextRun { Artifact: false } run: DrawText(run.Text, run.Style, run.X, run.Baseline); break;
                    case TextRun run: DrawArtifactText(run.Text, run.Style, run.X, run.Baseline); break;
                    case Rules rules: DrawArtifactBoxes(rules.Boxes, rules.LineWidth); break;
                    case Tagging tagging: tagging.Apply(Structure); break;
                }
            }
        }
    }

    /// <summary>Draws one line of text (its structure element must be open) with its baseline at <paramref name="baseline"/>.</summary>
    private void DrawText(string text, TextStyle style, double x, double baseline)
    {
        if (!accessibility.IsInTextMode()) accessibility.BeginTextMode();
        graphics.DrawString(text, style.Font, XBrushes.Black, x, baseline);
    }

    /// <summary>Text that is page furniture or a repetition (repeated table headers): marked as an artifact.</summary>
    private void DrawArtifactText(string text, TextStyle style, double x, double baseline)
    {
        accessibility.BeginTextMode();
        Structure.BeginArtifact();
        graphics.DrawString(text, style.Font, XBrushes.Black, x, baseline);
        Structure.End();
    }

    /// <summary>Cell borders and rules: graphics artifacts.</summary>
    private void DrawArtifactBoxes(IEnumerable<XRect> boxes, double lineWidth)
    {
        accessibility.BeginGraphicMode();
        Structure.BeginArtifact();
        var pen = new XPen(XColors.Black, lineWidth);
        foreach (var box in boxes) graphics.DrawRectangle(pen, box);
        Structure.End();
        accessibility.BeginTextMode();
    }

    /// <summary>Starts the next page; open structure elements continue on it.</summary>
    private void NextPage()
    {
        // PDFsharp needs the new page added before the old graphics is disposed when an element is open.
        var page = document.AddPage();
        graphics.Dispose();
        graphics = OpenPage(page);
    }

    public void Dispose() => graphics.Dispose();

    private XGraphics OpenPage(PdfPage page)
    {
        page.Width = XUnit.FromPoint(Setup.Width);
        page.Height = XUnit.FromPoint(Setup.Height);
        var g = XGraphics.FromPdfPage(page);
        // Forces the renderer's lazy page set-up now, so it does not land inside the first marked content.
        g.Save();
        g.Restore();
        return g;
    }
}
