using System.Text.Json;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Pipeline;

[Collection(AzuriteCollection.Name)]
public sealed class ReportPipelineTests(AzuriteFixture fixture)
{
    private static byte[] Valid(AnnualReport? report = null) => WorkbookFactory.From(report ?? SampleReports.Seed).ToBytes();

    private static byte[] WrongRowTotal() => WorkbookFactory.From(SampleReports.County)
        .Set(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.NaturalPerson), 999_999)
        .ToBytes();

    [Fact]
    public async Task Publishes_a_valid_workbook_and_records_published_with_links_and_timings()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("xiji-2024.xlsx", Valid());

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(SampleReports.Seed.Body, status.Body);
        Assert.Equal(1, status.Version);
        Assert.Contains(status.Links, l => l.Kind == "pdf" && l.Url.EndsWith(".pdf", StringComparison.Ordinal));
        Assert.Equal(["check", "parse", "previous", "validate", "document", "render", "publish", "total"], status.Timings.Select(t => t.Stage));
        var stored = await kit.StatusAsync("xiji-2024.xlsx");
        Assert.NotNull(stored);
        Assert.Equal((status.Outcome, status.ETag, status.Version, status.Message), (stored.Outcome, stored.ETag, stored.Version, stored.Message));
        Assert.Equal("published", JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.Status("xiji-2024.xlsx"))).RootElement.GetProperty("outcome").GetString());
        var pdfPath = new Uri(status.Links.Single(l => l.Kind == "pdf").Url).AbsolutePath;
        Assert.True(await kit.Web.GetBlobClient(Uri.UnescapeDataString(pdfPath[(pdfPath.IndexOf(kit.Web.Name, StringComparison.Ordinal) + kit.Web.Name.Length + 1)..])).ExistsAsync());
        Assert.True(await kit.Uploads.GetBlobClient("xiji-2024.xlsx").ExistsAsync());
    }

    [Fact]
    public async Task The_same_data_uploaded_again_is_unchanged_and_publishes_nothing()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.DropAndProcessAsync("first.xlsx", Valid());
        var site = await kit.SiteSnapshotAsync();

        var status = await kit.DropAndProcessAsync("again.xlsx", Valid());

        Assert.Equal(UploadOutcome.Unchanged, status.Outcome);
        Assert.Equal(site.Where(kv => !IsListing(kv.Key)), (await kit.SiteSnapshotAsync()).Where(kv => !IsListing(kv.Key)));
    }

    [Fact]
    public async Task Rejects_a_workbook_whose_row_total_is_wrong_with_findings_and_an_untouched_site()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.DropAndProcessAsync("good.xlsx", Valid());
        var site = await kit.SiteSnapshotAsync();

        var status = await kit.DropAndProcessAsync("县政府 2024.xlsx", WrongRowTotal());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.True(status.Errors > 0);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
        var findings = JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson("县政府 2024.xlsx"))).RootElement;
        Assert.False(findings.GetProperty("valid").GetBoolean());
        Assert.Contains(findings.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString()!.StartsWith("SUM_", StringComparison.Ordinal) || e.GetProperty("code").GetString() == FindingCodes.BalanceR1);
        var html = await kit.Results.TextAsync(ResultNames.FindingsHtml("县政府 2024.xlsx"));
        Assert.Contains("检查结果", html, StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", (await kit.Results.GetBlobClient(ResultNames.FindingsHtml("县政府 2024.xlsx")).GetPropertiesAsync()).Value.ContentType);
        Assert.Contains(status.Links, l => l.Kind == "findings-html");
        Assert.DoesNotContain("   at ", status.Message, StringComparison.Ordinal);
        Assert.True(await kit.Uploads.GetBlobClient("县政府 2024.xlsx").ExistsAsync());
    }

    [Fact]
    public async Task Rejects_a_file_type_that_is_not_allowed()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("报告.docx", Valid());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains(PipelineCodes.TypeNotAllowed, await kit.Results.TextAsync(ResultNames.FindingsJson("报告.docx")), StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Rejects_an_upload_over_the_configured_size_limit()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?> { ["Pipeline:MaxUploadBytes"] = "4096" });

        var status = await kit.DropAndProcessAsync("big.xlsx", Valid());

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains(FileProblemCodes.TooLarge, await kit.Results.TextAsync(ResultNames.FindingsJson("big.xlsx")), StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_character_missing_from_the_fonts_is_a_rejected_finding_at_its_cell()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var bytes = WorkbookFactory.From(SampleReports.County).Set(ReportFields.Overview, "本年度工作顺利完成😀，群众满意。").ToBytes();

        var status = await kit.DropAndProcessAsync("emoji.xlsx", bytes);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var error = JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson("emoji.xlsx"))).RootElement.GetProperty("errors")[0];
        Assert.Equal(PipelineCodes.GlyphMissing, error.GetProperty("code").GetString());
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.Overview).Address, error.GetProperty("cell").GetString());
        Assert.Contains("U+1F600", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task An_empty_upload_is_rejected_as_empty()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("空.xlsx", []);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains(FileProblemCodes.Empty, await kit.Results.TextAsync(ResultNames.FindingsJson("空.xlsx")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_is_rejected_not_crashed()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        var status = await kit.DropAndProcessAsync("random.xlsx", [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))]);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Equal(1, status.Errors);
    }

    [Theory]
    [InlineData("../../etc/年度 报告.xlsx")]
    [InlineData("a/b/c.xlsx")]
    [InlineData("..\\..\\x.xlsx")]
    public async Task Hostile_upload_names_get_safe_findable_status_records(string uploadName)
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        // Not every such name can even be stored as a blob (Azurite refuses '\'), so hand the bytes over directly.
        var status = await kit.Pipeline.ProcessAsync(uploadName, new MemoryStream(WrongRowTotal()), CancellationToken.None);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var statusBlob = ResultNames.Status(uploadName);
        Assert.Equal($"{ResultNames.StatusFolder}/{ResultNames.Stem(uploadName)}.json", statusBlob);
        Assert.DoesNotContain("/", ResultNames.Stem(uploadName), StringComparison.Ordinal);
        Assert.DoesNotContain("..", statusBlob, StringComparison.Ordinal);
        var stored = UploadStatus.FromJson(await kit.Results.TextAsync(statusBlob));
        Assert.Equal(uploadName, stored.Upload);
    }

    [Fact]
    public async Task A_second_delivery_of_the_same_blob_returns_the_recorded_status_and_does_nothing()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var first = await kit.DropAndProcessAsync("once.xlsx", Valid());
        var site = await kit.SiteSnapshotAsync();
        var record = (await kit.Results.GetBlobClient(ResultNames.Status("once.xlsx")).GetPropertiesAsync()).Value.ETag;

        var second = await kit.Pipeline.ProcessAsync("once.xlsx", kit.Uploads.GetBlobClient("once.xlsx"), CancellationToken.None);

        Assert.Equal(UploadOutcome.Published, second.Outcome);
        Assert.Equal(first.ProcessedAt, second.ProcessedAt);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
        Assert.Equal(record, (await kit.Results.GetBlobClient(ResultNames.Status("once.xlsx")).GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task An_upload_deleted_before_processing_is_recorded_not_retried()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();

        var status = await kit.Pipeline.ProcessAsync("gone.xlsx", kit.Uploads.GetBlobClient("gone.xlsx"), CancellationToken.None);

        Assert.Equal(UploadOutcome.Failed, status.Outcome);
        Assert.Equal(UploadOutcome.Failed, (await kit.StatusAsync("gone.xlsx"))!.Outcome);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_storage_failure_throws_so_the_trigger_retries()
    {
        var dead = new BlobServiceClient(new Uri($"http://127.0.0.1:{FreePort.OnLoopback()}/devstoreaccount1"),
            new Azure.Storage.StorageSharedKeyCredential("devstoreaccount1", Cli.Local.AzuriteProcess.AccountKey),
            new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, configure: s => s.AddSingletonStorage(dead));

        var error = await Record.ExceptionAsync(() => kit.Pipeline.ProcessAsync("x.xlsx", new MemoryStream(Valid()), CancellationToken.None));

        Assert.NotNull(error);
        Assert.True(StorageErrors.IsUnavailable(error, CancellationToken.None), error.GetType().Name);
    }

    [Fact]
    public async Task Recording_a_poisoned_upload_says_failed_and_changes_nothing_public()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.DropAndProcessAsync("ok.xlsx", Valid());
        var site = await kit.SiteSnapshotAsync();

        var failed = await kit.Pipeline.RecordFailedAsync("stuck.xlsx", "\"0x1\"", CancellationToken.None);
        var keptPublished = await kit.Pipeline.RecordFailedAsync("ok.xlsx", (await kit.StatusAsync("ok.xlsx"))!.ETag, CancellationToken.None);

        Assert.Equal(UploadOutcome.Failed, failed.Outcome);
        Assert.Equal(UploadOutcome.Failed, (await kit.StatusAsync("stuck.xlsx"))!.Outcome);
        Assert.Equal(UploadOutcome.Published, keptPublished.Outcome);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
    }

    private static bool IsListing(string path) => path is "index.html" or "feed.xml" or "manifest.json";
}

internal static class StorageOverride
{
    public static void AddSingletonStorage(this Microsoft.Extensions.DependencyInjection.IServiceCollection services, BlobServiceClient storage) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, storage);
}
