using System.IO.Compression;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The OFD published beside the PDF (issue 16): through the whole pipeline, read back from Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class PublishedOfdTests(AzuriteFixture fixture)
{
    private PipelineTestKit Kit() =>
        PipelineTestKit.Create(fixture.ConnectionString, configure: services => services.AddSingleton<TimeProvider>(new FixedClock(At)));

    [Fact]
    public async Task The_pipeline_publishes_the_OFD_of_the_PDFs_layout_with_the_hash_and_size_of_the_manifest_and_the_notice()
    {
        await using var kit = Kit();

        var status = await kit.DropAndProcessAsync("xiji-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        var entry = Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        Assert.NotNull(entry.Ofd);
        Assert.Equal(entry.Pdf[..^".pdf".Length] + ".ofd", entry.Ofd);
        Assert.Equal(["pdf", "ofd", "html", "notice", "index"], status.Links.Where(l => !ResultRecords.IsWarnings(l)).Select(l => l.Kind));
        Assert.Equal(kit.Publisher.UrlOf(entry.Ofd).AbsoluteUri, status.Links.Single(l => l.Kind == "ofd").Url);

        var props = (await kit.Web.GetBlobClient(entry.Ofd).GetPropertiesAsync()).Value;
        Assert.Equal("application/ofd", props.ContentType);
        Assert.Equal("public, max-age=3600", props.CacheControl);
        using var http = new HttpClient();
        var ofd = await http.GetByteArrayAsync(status.Links.Single(l => l.Kind == "ofd").Url);
        var pdf = await http.GetByteArrayAsync(status.Links.Single(l => l.Kind == "pdf").Url);
        Assert.Equal(entry.OfdSha256, Sha256.Hex(ofd));
        Assert.Equal(entry.OfdBytes, ofd.LongLength);
        Assert.Equal(entry.PdfSha256, Sha256.Hex(pdf));

        var notice = await kit.Web.TextAsync(entry.Notice);
        Assert.Contains("<a href=\"report.ofd\">下载OFD版</a>", notice);
        Assert.Contains($"{ofd.Length:N0} 字节", notice);
        Assert.Contains(entry.OfdSha256!, notice);
        Assert.True(notice.IndexOf("下载PDF版", StringComparison.Ordinal) < notice.IndexOf("下载OFD版", StringComparison.Ordinal));

        // The same layout: as many OFD pages as PDF pages, and both files are what one layout of the published
        // report draws at the publication time (the PDF byte for byte as rendered without an OFD beside it).
        using var package = new ZipArchive(new MemoryStream(ofd));
        var ofdPages = package.Entries.Count(e => PageContent().IsMatch(e.FullName));
        using (var read = PigDocument.Open(pdf)) Assert.Equal(read.NumberOfPages, ofdPages);
        Assert.True(ofdPages >= 2);
        var report = ReportJson.Deserialize((await kit.Web.GetBlobClient(entry.Report).DownloadContentAsync()).Value.Content.ToMemory().Span);
        var document = DocumentBuilder.Build(report);
        var renderer = kit.Services.GetRequiredService<PdfRenderer>();
        Assert.Equal(renderer.Render(document, At), pdf);
        Assert.Equal(OfdRenderer.Render(document, renderer.Lay(document), At), ofd);
    }

    [Fact]
    public async Task An_unchanged_re_upload_writes_no_new_OFD()
    {
        await using var kit = Kit();
        var workbook = WorkbookFactory.From(SampleReports.County).ToBytes();
        await kit.DropAndProcessAsync("first.xlsx", workbook);
        var before = await kit.SiteSnapshotAsync();

        var status = await kit.DropAndProcessAsync("again.xlsx", workbook);

        Assert.Equal(UploadOutcome.Unchanged, status.Outcome);
        var after = await kit.SiteSnapshotAsync();
        var ofds = after.Where(kv => kv.Key.EndsWith("/" + SitePublisher.OfdFile, StringComparison.Ordinal)).ToList();
        var only = Assert.Single(ofds);
        Assert.Equal(before[only.Key], only.Value);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_crash_before_the_OFD_step_then_a_retry_that_renders_again_publishes_one_whole_version()
    {
        var report = SampleReports.County;
        var document = DocumentBuilder.Build(report);
        var renderer = new PdfRenderer();
        var layout = renderer.Lay(document);
        var first = Rendered(document, PdfRenderer.Render(document, layout, At), OfdRenderer.Render(document, layout, At));
        var crash = CrashOnceAt.IOError(PublishSteps.Ofd);
        var container = AzuriteFixture.UniqueName("ofdcrash");
        await Assert.ThrowsAsync<IOException>(() => Publisher(fixture.BlobService, container, faults: crash).PublishAsync(report, first));
        Assert.Equal([PublishSteps.ReportData, PublishSteps.Pdf, PublishSteps.Ofd], crash.Seen);

        // The retry renders again a minute later: another PDF and OFD. The PDF stored by the crashed attempt is kept,
        // and the OFD (never written) is the retry's; the manifest and notice describe the stored files.
        var later = At.AddMinutes(1);
        var retried = Rendered(document, PdfRenderer.Render(document, layout, later), OfdRenderer.Render(document, layout, later));
        var publisher = Publisher(fixture.BlobService, container, new FixedClock(later));
        var result = await publisher.PublishAsync(report, retried);

        Assert.Equal((PublishOutcome.Published, 1), (result.Outcome, result.Version));
        var entry = Assert.Single((await publisher.GetManifestAsync()).Publications);
        var site = publisher.Container;
        var pdf = (await site.GetBlobClient(entry.Pdf).DownloadContentAsync()).Value.Content.ToArray();
        var ofd = (await site.GetBlobClient(entry.Ofd!).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(first.Pdf, pdf);
        Assert.Equal(retried.Ofd, ofd);
        Assert.Equal((entry.OfdSha256, entry.OfdBytes), (Sha256.Hex(ofd), (long?)ofd.LongLength));
        Assert.Contains(entry.OfdSha256!, await site.TextAsync(entry.Notice));
        Assert.Empty(await Robustness.SiteIntegrity.ProblemsAsync(site));
    }

    [GeneratedRegex(@"^Doc_0/Pages/Page_\d+/Content\.xml$")]
    private static partial Regex PageContent();
}
