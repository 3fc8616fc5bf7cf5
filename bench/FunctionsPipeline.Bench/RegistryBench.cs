using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Bench;

/// <summary>
/// The register at 5,000 bodies on an in-memory Azurite: the public 年度报告发布情况's size, and what one ledger event costs
/// (ms and storage requests) with the year half published: the body's record, the year document, the page.
/// </summary>
internal static class RegistryBench
{
    private const int Bodies = 5000;
    private const int Events = 40;

    public static async Task RunAsync()
    {
        var now = new DateTimeOffset(2025, 2, 3, 2, 0, 0, TimeSpan.Zero);
        var bodies = Enumerable.Range(0, Bodies).Select(i =>
        {
            var stem = $"11539999MB{i:D7}";
            var code = stem + CreditCode.CheckCharacter(stem + "0");
            return new RegisteredBody($"测试市第{i:D4}号机关信息公开办公室", code, i % 50 == 0 ? BodyType.Township : BodyType.Department, $"body-{i:D4}", null, [], [], i + 3);
        }).ToList();
        var register = new BodyRegister(bodies, "bench.csv", new string('0', 64), now);

        // The page at 5,000 bodies, half published.
        var model = new PublicationStatusModel(2024, DateOnly.FromDateTime(now.UtcDateTime), [.. bodies.Select((b, i) => new PublicationStatusRow(
            b.Name, BodyTypes.Label(b.Type), new DateOnly(2025, 1, 31), i % 2 == 0 ? new DateOnly(2025, 1, 20).AddDays(i % 14) : null, i % 2 == 0 ? Math.Max(0, i % 14 - 11) : 3))]);
        var html = Encoding.UTF8.GetBytes(PublicationStatusPage.Render(model));
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(html);
        Harness.Figure("registry: status page at 5,000 bodies", html.Length / 1024.0, "KiB");
        Harness.Figure("registry: status page at 5,000 bodies, gzip", gzipped.Length / 1024.0, "KiB");
        Harness.Measure("registry: render status page at 5,000 bodies", 20, () => PublicationStatusPage.Render(model));

        await using var azurite = await AzuriteProcess.StartAsync();
        var requests = new RequestCounter();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
        var blobs = new BlobServiceClient(azurite.ConnectionString, clientOptions);
        var clock = new FixedTime(now);
        var store = new RegisterStore(blobs, Options.Create(new RegistryOptions()), clock);
        await store.Container.CreateIfNotExistsAsync();
        await store.Container.GetBlobClient(RegisterStore.RegisterBlob).UploadAsync(new BinaryData(RegisterJson.Serialize(register)));
        // The year half published: its document as the ledger keeps it.
        var records = bodies.Where((_, i) => i % 2 == 0 && i >= Events * 2).Select(b => new LedgerRecord(b.Name, 2024, LedgerState.Published, now.AddDays(-10), "x.xlsx")
        {
            Version = 1, Url = "https://example/report.html", FirstPublishedAt = now.AddDays(-10), PublishedAt = now.AddDays(-10),
        });
        await store.Container.GetBlobClient(LedgerStore.YearName(2024)).UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(records, LedgerRecord.JsonOptions)));
        var publisher = new SitePublisher(blobs, Options.Create(new PublishingOptions { ContainerName = "web" }), clock, register: store);
        var ledger = new LedgerStore(store, publisher, clock, NullLogger<LedgerStore>.Instance);
        await ledger.ApplyAsync(new LedgerEvent(bodies[1].Name, 2024, LedgerEventKind.Previewed, now, "warm.xlsx"), CancellationToken.None); // warm-up

        requests.Reset();
        var samples = new List<double>();
        for (var i = 0; i < Events; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ledger.ApplyAsync(new LedgerEvent(bodies[2 * i].Name, 2024, LedgerEventKind.Published, now.AddMinutes(i), $"e{i}.xlsx", 1, "https://example/r.html"),
                CancellationToken.None);
            samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Harness.Record("registry: ledger event (publish) at 5,000 bodies", samples);
        Harness.Figure("registry: storage requests per ledger event", requests.Total / (double)Events, "requests");
        requests.Print(Events, top: 10);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
