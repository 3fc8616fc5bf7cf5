using System.Globalization;
using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// The drawing surface elements paint on: the current page of a tagged PDF, its structure
/// builder and the page furniture. Keeps marked content properly nested with text objects
/// (see pdfsharp-notes.md): text and graphics artifacts switch the renderer's mode explicitly,
/// page numbers are drawn last on each page, and a page's lazy set-up is forced at once.
/// </summary>
public sealed class PdfCanvas : IDisposable
{
    private readonly PdfDocument document;
    private readonly UAManager accessibility;
    private readonly TextStyle pageNumberStyle;
    private XGraphics graphics;

    public PdfCanvas(PdfDocument document, PageSetup setup, TextStyle pageNumberStyle, string language)
    {
        this.document = document;
        this.pageNumberStyle = pageNumberStyle;
        Setup = setup;
        accessibility = UAManager.ForDocument(document);
        accessibility.SetDocumentLanguage(language);
        graphics = OpenPage(document.AddPage());
        PageNumber = 1;
    }

    public PageSetup Setup { get; }

    public int PageNumber { get; private set; }

    public StructureBuilder Structure => accessibility.StructureBuilder;

    /// <summary>Draws one line of text (its structure element must be open) with its baseline at <paramref name="baseline"/>.</summary>
    public void DrawText(string text, TextStyle style, double x, double baseline)
    {
        if (!accessibility.IsInTextMode()) accessibility.BeginTextMode();
        graphics.DrawString(text, style.Font, XBrushes.Black, x, baseline);
    }

    /// <summary>Text that is page furniture or a repetition (repeated table headers): marked as an artifact.</summary>
    public void DrawArtifactText(string text, TextStyle style, double x, double baseline)
    {
        accessibility.BeginTextMode();
        Structure.BeginArtifact();
        graphics.DrawString(text, style.Font, XBrushes.Black, x, baseline);
        Structure.End();
    }

    /// <summary>Cell borders and rules: graphics artifacts.</summary>
    public void DrawArtifactBoxes(IEnumerable<XRect> boxes, double lineWidth)
    {
        accessibility.BeginGraphicMode();
        Structure.BeginArtifact();
        var pen = new XPen(XColors.Black, lineWidth);
        foreach (var box in boxes) graphics.DrawRectangle(pen, box);
        Structure.End();
        accessibility.BeginTextMode();
    }

    /// <summary>Finishes this page (page number) and starts the next; open structure elements continue on it.</summary>
    public void NextPage()
    {
        DrawPageNumber();
        // PDFsharp needs the new page added before the old graphics is disposed when an element is open.
        var page = document.AddPage();
        graphics.Dispose();
        graphics = OpenPage(page);
        PageNumber++;
    }

    /// <summary>Finishes the last page.</summary>
    public void Finish() => DrawPageNumber();

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

    /// <summary>公文 style page number, "— 1 —", centred at the foot.</summary>
    private void DrawPageNumber()
    {
        var text = "— " + PageNumber.ToString(CultureInfo.InvariantCulture) + " —";
        var x = (Setup.Width - pageNumberStyle.Measure(text)) / 2;
        DrawArtifactText(text, pageNumberStyle, x, Setup.FooterBaseline);
    }
}
