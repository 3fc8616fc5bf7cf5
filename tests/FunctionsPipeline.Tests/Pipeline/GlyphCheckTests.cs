using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Pipeline;

/// <summary>The glyph-coverage check runs on the document before rendering and names the cell; nothing is drawn.</summary>
public sealed class GlyphCheckTests
{
    private static readonly PdfRenderer Renderer = new();

    private static (ReportDocument Document, Core.Workbook.ParsedWorkbook Workbook) Build(string fieldId, string text)
    {
        var workbook = WorkbookFactory.From(SampleReports.County).Set(fieldId, text).Parse();
        var report = ReportValidator.Validate(workbook, new ValidationContext(PublishingTestKit.At)).Report!;
        return (DocumentBuilder.Build(report), workbook);
    }

    [Fact]
    public void A_character_the_fonts_lack_is_a_GLYPH_MISSING_error_at_the_cell_it_came_from()
    {
        var (document, workbook) = Build(ReportFields.Problems, "本年度工作有待改进😀。");

        var finding = Assert.Single(GlyphCheck.Run(document, workbook, Renderer));

        Assert.Equal((PipelineCodes.GlyphMissing, Severity.Error), (finding.Code, finding.Severity));
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.Problems).ToString(), finding.Location);
        Assert.Equal("U+1F600", finding.Actual);
    }

    [Fact]
    public void A_document_the_fonts_cover_has_no_findings() =>
        Assert.Empty(GlyphCheck.Run(DocumentBuilder.Build(SampleReports.County), null, Renderer));

    [Fact]
    public void Each_missing_character_is_reported_once_with_the_text_it_is_in()
    {
        var (document, _) = Build(ReportFields.Overview, "第一段😀。\n第二段😀🙂。");

        var missing = Renderer.FindMissingGlyphs(document);

        Assert.Equal(["U+1F600", "U+1F642"], missing.Select(m => m.CodePoint));
        Assert.Equal("第一段😀。", missing[0].Text);
    }
}
