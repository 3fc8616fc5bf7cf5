using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// The report page (report.html) links the PDF and the OFD beside it with their size and SHA-256, and what it states is
/// what is stored, also when a retry keeps files an earlier attempt stored (another render, another hash).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportPageFilesTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task The_pipeline_s_report_page_states_the_size_and_SHA_256_of_the_stored_PDF_and_OFD()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, configure: services => services.AddSingleton<TimeProvider>(new FixedClock(At)));

        var status = await kit.DropAndProcessAsync("xiji-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        var entry = Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        var html = await kit.Web.TextAsync(entry.Html);
        var stated = SiteIntegrity.StatedFiles(html);
        Assert.Equal([SitePublisher.PdfFile, SitePublisher.OfdFile], stated.Keys);
        Assert.Equal(await StoredAsync(kit.Web, entry.Pdf), stated[SitePublisher.PdfFile]);
        Assert.Equal(await StoredAsync(kit.Web, entry.Ofd!), stated[SitePublisher.OfdFile]);
        Assert.True(stated[SitePublisher.PdfFile].Bytes > 100_000, "a real PDF, not a stand-in");
        Assert.True(html.IndexOf("<ul class=\"files\"", StringComparison.Ordinal) < html.IndexOf("<article>", StringComparison.Ordinal), "the list comes before the report");
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web));
    }

    /// <summary>
    /// A first attempt stores what it got to and crashes before <paramref name="step"/>; the retry renders again (other
    /// bytes, other hashes). The PDF (and the OFD, once stored) are the first attempt's; the page states exactly those.
    /// </summary>
    [Theory]
    [InlineData(PublishSteps.Ofd)]
    [InlineData(PublishSteps.Html)]
    [InlineData(PublishSteps.Notice)]
    [InlineData(PublishSteps.Manifest)]
    public async Task After_a_crash_and_a_retry_that_renders_again_the_report_page_states_the_files_actually_stored(string step)
    {
        var report = TestReports.Create();
        var document = DocumentBuilder.Build(report);
        var container = AzuriteFixture.UniqueName("pagefiles");
        var first = Rendered(document, TestReports.FakePdf("first attempt"), TestReports.FakeOfd("first attempt"));
        var retry = Rendered(document, TestReports.FakePdf("the retry"), TestReports.FakeOfd("the retry, longer"));
        await Assert.ThrowsAsync<IOException>(() => Publisher(fixture.BlobService, container, faults: CrashOnceAt.IOError(step)).PublishAsync(report, first));

        var publisher = Publisher(fixture.BlobService, container, new FixedClock(At.AddMinutes(1)));
        await publisher.PublishAsync(report, retry);

        var entry = Assert.Single((await publisher.GetManifestAsync()).Publications);
        var html = await publisher.Container.TextAsync(entry.Html);
        var stated = SiteIntegrity.StatedFiles(html);
        var pdf = await StoredAsync(publisher.Container, entry.Pdf);
        var ofd = await StoredAsync(publisher.Container, entry.Ofd!);
        Assert.Equal(pdf, stated[SitePublisher.PdfFile]);
        Assert.Equal(ofd, stated[SitePublisher.OfdFile]);
        Assert.Equal(Sha256.Hex(first.Pdf), pdf.Sha256);   // kept from the first attempt, not the retry's
        Assert.Equal(Sha256.Hex(step == PublishSteps.Ofd ? retry.Ofd : first.Ofd), ofd.Sha256);
        Assert.DoesNotContain(Sha256.Hex(retry.Pdf), html, StringComparison.Ordinal);
        Assert.Equal(stated, SiteIntegrity.StatedFiles(await publisher.Container.TextAsync(entry.Notice)));   // as the notice states them
        Assert.Empty(await SiteIntegrity.ProblemsAsync(publisher.Container));
    }

    /// <summary>Size and SHA-256 of what is stored, hashed from the downloaded bytes.</summary>
    private static async Task<(long Bytes, string? Sha256)> StoredAsync(Azure.Storage.Blobs.BlobContainerClient container, string path)
    {
        var bytes = (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();
        return (bytes.LongLength, Sha256.Hex(bytes));
    }
}
