using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Rendering.Pdf;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The PDF of a correction (version 2), as the pipeline publishes it, checked by PDFBox Preflight.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorrectionPdfConformanceTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task A_corrections_published_PDF_is_valid_PDF_A_1b()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var original = TestReports.Create();
        var corrected = TestReports.Create(
            tableB: (r, c) => (r, c) switch
            {
                (TableBRow.Granted, ApplicantColumn.NaturalPerson) => 7,
                (TableBRow.PartiallyGranted, ApplicantColumn.NaturalPerson) => 3,
                _ => TestReports.DefaultTableB(r, c),
            },
            overview: "2024年，西集镇人民政府依法做好政府信息公开工作（更正后）。");

        var first = await kit.DropAndProcessAsync("report.xlsx", Workbook(original));
        var second = await kit.DropAndProcessAsync("report-corrected.xlsx", Workbook(corrected));

        Assert.Equal((UploadOutcome.Published, 1), (first.Outcome, first.Version));
        Assert.Equal((UploadOutcome.Published, 2), (second.Outcome, second.Version));
        var path = $"{SiteSlug.VersionFolder(corrected.Body, corrected.Year, 2)}/{SitePublisher.PdfFile}";
        var pdf = (await kit.Web.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);

        await PdfAConformanceTests.AssertValidAsync(pdf);
    }

    private static byte[] Workbook(AnnualReport report)
    {
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, report);
        return stream.ToArray();
    }
}
