using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>Upload → real WebJobs blob trigger → real pipeline → site and results, all on a real Azurite.</summary>
[Collection(TriggerHostCollection.Name)]
public sealed class PipelineEndToEndTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Dropping_a_valid_workbook_publishes_it_on_the_site()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await using var host = await StartHostAsync(kit, kit.Pipeline);

        await Upload(kit, "西集镇-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());

        var status = await WaitForStatusAsync(kit, "西集镇-2024.xlsx");
        Assert.Equal(UploadOutcome.Published, status.Outcome);
        var index = await kit.Web.TextAsync("index.html");
        Assert.Contains(SampleReports.Seed.Body, index, StringComparison.Ordinal);
        foreach (var kind in new[] { "pdf", "notice", "html" })
        {
            var link = Assert.Single(status.Links, l => l.Kind == kind);
            Assert.True(await new BlobClient(new Uri(link.Url)).ExistsAsync(), link.Url);
        }
    }

    [Fact]
    public async Task Dropping_an_invalid_workbook_stores_the_findings_and_leaves_the_site_untouched()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await using var host = await StartHostAsync(kit, kit.Pipeline);
        await Upload(kit, "good.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());
        Assert.Equal(UploadOutcome.Published, (await WaitForStatusAsync(kit, "good.xlsx")).Outcome);
        var site = await kit.SiteSnapshotAsync();
        Assert.Contains(site.Keys, k => k.EndsWith("/report.pdf", StringComparison.Ordinal)); // a site to leave untouched, not two empty ones

        var bad = WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.NaturalPerson), 999_999).ToBytes();
        await Upload(kit, "bad.xlsx", bad);

        var status = await WaitForStatusAsync(kit, "bad.xlsx");
        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.True(await kit.Results.GetBlobClient(ResultNames.FindingsJson("bad.xlsx")).ExistsAsync());
        Assert.True(await kit.Results.GetBlobClient(ResultNames.FindingsHtml("bad.xlsx")).ExistsAsync());
        Assert.Equal(site, await kit.SiteSnapshotAsync());
        Assert.True(await kit.Uploads.GetBlobClient("bad.xlsx").ExistsAsync());
    }

    [Fact]
    public async Task A_burst_of_different_reports_is_published_exactly_once_each()
    {
        var burst = int.TryParse(Environment.GetEnvironmentVariable("FP_PIPELINE_BURST_SIZE"), out var n) && n > 0 ? n : 12;
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var counting = new CallAndRunCountingProcessor(kit.Pipeline);
        await using var host = await StartHostAsync(kit, counting);
        var reports = Enumerable.Range(1, burst).Select(i => SampleReports.County with { Body = $"测试县第{i}乡人民政府" }).ToArray();
        var started = DateTime.UtcNow;

        await Parallel.ForEachAsync(reports.Select((r, i) => (r, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (item, _) => await Upload(kit, $"burst-{item.i + 1:D3}.xlsx", WorkbookFactory.From(item.r).ToBytes()));

        var names = Enumerable.Range(1, burst).Select(i => $"burst-{i:D3}.xlsx").ToArray();
        Assert.True(await Polling.UntilAsync(() => names.All(counting.Finished.ContainsKey), TimeSpan.FromSeconds(90 + burst * 6)),
            $"not processed: {string.Join(", ", names.Where(x => !counting.Finished.ContainsKey(x)))}");
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        output.WriteLine($"pipeline burst {burst}: all published after {seconds:F1} s ({burst / seconds:F2} reports/s)");

        Assert.All(names, name => Assert.Equal(UploadOutcome.Published, counting.Finished[name].Outcome));
        Assert.All(names, name => Assert.Equal(1, counting.Calls[name]));
        var manifest = System.Text.Encoding.UTF8.GetString((await kit.Publisher.GetManifestAsync()).ToJson());
        var index = await kit.Web.TextAsync("index.html");
        Assert.All(reports, r => Assert.Equal(1, PublishingTestKit.Count(manifest, $"\"{r.Body}\"")));
        Assert.All(reports, r => Assert.Contains(r.Body, index, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_delivery_of_the_same_blob_is_processed_once()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var counting = new CallAndRunCountingProcessor(kit.Pipeline);
        var options = HostOptions(kit);
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, counting, options);
        var etag = await Upload(kit, "twice.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());
        await WaitForStatusAsync(kit, "twice.xlsx");
        var site = await kit.SiteSnapshotAsync();

        // Deliver the same blob event again, as Event Grid or a retried enqueue may: the host's trigger queue gets a second message.
        var functionId = await FunctionIdFromReceiptAsync(options.HostId);
        var queue = new QueueClient(fixture.ConnectionString, $"azure-webjobs-blobtrigger-{options.HostId}",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            Type = "BlobTrigger", FunctionId = functionId, BlobType = "BlockBlob",
            ContainerName = kit.Uploads.Name, BlobName = "twice.xlsx", ETag = etag,
        }));

        Assert.True(await Polling.UntilAsync(() => counting.Calls.GetValueOrDefault("twice.xlsx") == 2, TimeSpan.FromSeconds(60)), "the duplicate was never delivered");
        Assert.Equal(1, counting.FinishedCount["twice.xlsx"]);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
        Assert.Equal(1, PublishingTestKit.Count(System.Text.Encoding.UTF8.GetString((await kit.Publisher.GetManifestAsync()).ToJson()), $"\"{SampleReports.Seed.Body}\""));
    }

    [Fact]
    public async Task A_host_restarted_mid_burst_processes_every_upload_once()
    {
        var burst = Math.Max(10, Polling.BurstSize() / 10);
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var counting = new CallAndRunCountingProcessor(kit.Pipeline);
        // An upload the stopping host had dequeued but not run is only redelivered after the queue's visibility
        // timeout; the hosts' reconciling sweep processes it sooner.
        var options = HostOptions(kit) with { ReconcileAfter = TimeSpan.FromSeconds(45) };
        var names = Enumerable.Range(1, burst).Select(i => $"restart-{i:D3}.xlsx").ToArray();
        var bytes = WorkbookFactory.From(SampleReports.County).ToBytes();

        var first = await LocalTriggerHost.StartAsync(fixture.ConnectionString, counting, options, FileLoggerProvider.FromEnvironment());
        await Parallel.ForEachAsync(names[..(burst / 2)], async (name, _) => await Upload(kit, name, bytes));
        Assert.True(await Polling.UntilAsync(() => counting.Finished.Count >= burst / 4, TimeSpan.FromSeconds(120)), "the first host processed nothing");
        await first.DisposeAsync();
        var byFirst = counting.Finished.Count;

        await Parallel.ForEachAsync(names[(burst / 2)..], async (name, _) => await Upload(kit, name, bytes));
        await using var second = await LocalTriggerHost.StartAsync(fixture.ConnectionString, counting, options, FileLoggerProvider.FromEnvironment());
        var allDone = await Polling.UntilAsync(() => names.All(counting.Finished.ContainsKey), TimeSpan.FromSeconds(120 + burst * 3));
        // A late second delivery would show up within one more scan: one uploaded now is delivered in a later scan than all of them.
        const string last = "restart-last.xlsx";
        await Upload(kit, last, bytes);
        Assert.True(await Polling.UntilAsync(() => counting.Finished.ContainsKey(last), TimeSpan.FromSeconds(60)), "a later upload was never processed");

        output.WriteLine($"restart burst {burst}: first host finished {byFirst}; deliveries {counting.Calls.Values.Sum()}, processed {counting.FinishedCount.Values.Sum()}");
        Assert.True(allDone, $"not processed: {string.Join(", ", names.Where(n => !counting.Finished.ContainsKey(n)))}");
        Assert.All(names, name => Assert.Equal(1, counting.FinishedCount[name]));
        Assert.All(names, name => Assert.NotEqual(UploadOutcome.Failed, counting.Finished[name].Outcome));
    }

    private async Task<string> FunctionIdFromReceiptAsync(string hostId)
    {
        // Receipts live at blobreceipts/{hostId}/{functionId}/{etag}/{container}/{blob}.
        var hosts = fixture.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
        await foreach (var receipt in hosts.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"blobreceipts/{hostId}/" }))
        {
            return receipt.Name.Split('/')[2];
        }
        throw new InvalidOperationException("no blob receipt found");
    }

    private LocalTriggerHostOptions HostOptions(PipelineTestKit kit) => new()
    {
        HostId = $"fp-e2e-{Guid.NewGuid():N}"[..20],
        UploadsContainer = kit.Options.UploadsContainer,
    };

    private Task<LocalTriggerHost> StartHostAsync(PipelineTestKit kit, IUploadProcessor processor) =>
        LocalTriggerHost.StartAsync(fixture.ConnectionString, processor, HostOptions(kit), FileLoggerProvider.FromEnvironment());

    private static async Task<string> Upload(PipelineTestKit kit, string name, byte[] content)
    {
        await kit.Uploads.CreateIfNotExistsAsync();
        var response = await kit.Uploads.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
        return response.Value.ETag.ToString();
    }

    private static async Task<UploadStatus> WaitForStatusAsync(PipelineTestKit kit, string name)
    {
        UploadStatus? status = null;
        Assert.True(await Polling.UntilAsync(async () => (status = await kit.StatusAsync(name)) is not null, TimeSpan.FromSeconds(90)),
            $"no status record for {name}");
        return status!;
    }
}
