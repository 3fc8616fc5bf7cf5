using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Samples;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Bench;

/// <summary>
/// The open data of one report year at portal scale (issue 27): N bodies' data files (data/{year}/bodies/*.json) written
/// as their publications write them (16 at a time; the requests each adds to a publication), then the timer's rounds that
/// combine them into reports.csv and reports.json: the first (every body new), one with nothing changed (list and compare
/// only), and one after a single correction (a full rebuild). Each round: time, storage requests, the process's peak
/// working set and managed heap, bytes allocated, and the files' sizes.
/// <c>FP_OPEN_DATA_N</c> (default 5000) bodies; <c>FP_OPEN_DATA_STORAGE</c>: a connection string instead of starting Azurite;
/// <c>FP_OPEN_DATA_REQUESTS=1</c>: the requests by kind.
/// </summary>
internal static class OpenDataBench
{
    private const int Year = 2024;

    public static async Task RunAsync()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("FP_OPEN_DATA_N"), out var count) ? count : 5000;
        var external = Environment.GetEnvironmentVariable("FP_OPEN_DATA_STORAGE") is { Length: > 0 } given ? given : null;
        var requests = new RequestCounter();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
        await using var azurite = external is null ? await AzuriteProcess.StartAsync() : null;
        var service = new BlobServiceClient(external ?? azurite!.ConnectionString, clientOptions);
        var publisher = new SitePublisher(service, Options.Create(new PublishingOptions { ContainerName = $"opendata-{Guid.NewGuid():N}"[..30] }), TimeProvider.System);
        await publisher.PrepareAsync();
        var template = SampleReports.County;

        // The bodies' files, as their publications write them (HEAD, PUT; the year's and the schema's check once per publisher).
        await publisher.Data.WriteBodyAsync(Body(template, 0, 1).Entry, Body(template, 0, 1).Report, default);
        requests.Reset();
        var fill = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, n - 1), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (entry, report) = Body(template, i, 1);
            await publisher.Data.WriteBodyAsync(entry, report, ct);
        });
        Harness.Figure("open-data: body file, storage requests per publication", requests.Total / (double)(n - 1), "requests");
        Harness.Figure("open-data: body file size", (await publisher.Container.GetBlobClient($"data/{Year}/bodies/{Body(template, 1, 1).Entry.Slug}.json").GetPropertiesAsync()).Value.ContentLength / 1024.0, "KiB");
        Console.WriteLine($"    {n} body files written in {fill.Elapsed.TotalSeconds:F0} s at concurrency 16");

        await RoundAsync($"N={n} first round", publisher, requests, expectRebuilt: true, n);
        await RoundAsync($"N={n} unchanged round", publisher, requests, expectRebuilt: false, n);
        var (corrected, correctedReport) = Body(template with { OtherMatters = ProseSection.FromText("更正：补充说明。") }, 17, 2);
        await publisher.Data.WriteBodyAsync(corrected, correctedReport, default);
        await RoundAsync($"N={n} round after one correction", publisher, requests, expectRebuilt: true, n);
    }

    private static async Task RoundAsync(string name, SitePublisher publisher, RequestCounter requests, bool expectRebuilt, int n)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = (WorkingSet: process.WorkingSet64, Heap: GC.GetTotalMemory(false));
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = (Math.Max(peak.WorkingSet, process.WorkingSet64), Math.Max(peak.Heap, GC.GetTotalMemory(false)));
                try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var allocated = GC.GetTotalAllocatedBytes();
        requests.Reset();
        var sw = Stopwatch.StartNew();
        var result = Assert(await publisher.RefreshOpenDataAsync(), expectRebuilt, n);
        sw.Stop();
        await stop.CancelAsync();
        await sampler;
        Harness.Figure($"open-data: {name} time", sw.Elapsed.TotalSeconds, "s");
        Harness.Figure($"open-data: {name} storage requests", requests.Total, "requests");
        Harness.Figure($"open-data: {name} peak working set (baseline {baseline.WorkingSet / 1048576.0:F0} MiB)", peak.WorkingSet / 1048576.0, "MiB");
        Harness.Figure($"open-data: {name} peak managed heap (baseline {baseline.Heap / 1048576.0:F0} MiB)", peak.Heap / 1048576.0, "MiB");
        Harness.Figure($"open-data: {name} allocated", (GC.GetTotalAllocatedBytes() - allocated) / 1048576.0, "MiB");
        Harness.Figure($"open-data: {name} reports.csv", result.CsvBytes / 1048576.0, "MiB");
        Harness.Figure($"open-data: {name} reports.json", result.JsonBytes / 1048576.0, "MiB");
        if (Environment.GetEnvironmentVariable("FP_OPEN_DATA_REQUESTS") == "1") requests.Print(1);
    }

    private static OpenDataYear Assert(OpenDataResult result, bool expectRebuilt, int n)
    {
        var year = result.Years.Single(y => y.Year == Year);
        if (year.Rebuilt != expectRebuilt || year.Reports != n)
            throw new InvalidOperationException($"the round {(year.Rebuilt ? "rebuilt" : "skipped")} {year.Year} with {year.Reports} reports; expected {(expectRebuilt ? "rebuilt" : "skipped")} with {n}");
        return year;
    }

    /// <summary>Body i's report and its manifest entry at <paramref name="version"/> (as a publication lists it).</summary>
    private static (ManifestEntry Entry, AnnualReport Report) Body(AnnualReport template, int i, int version)
    {
        var report = template with
        {
            Body = string.Create(CultureInfo.InvariantCulture, $"山东省枣庄市山亭区第{(i * 7919L + 12345) % 1_000_000:D6}号镇人民政府"),
            Year = Year,
            Applications = TableB.Create((r, c) => template.Applications[r, c] + i % 7),
        };
        var folder = SiteSlug.VersionFolder(report.Body, report.Year, version);
        var entry = new ManifestEntry(report.Body, report.Year, version, ChinaTime.ToChina(DateTimeOffset.UtcNow), version == 1 ? PublicationKind.Publish : PublicationKind.Correction,
            report.Title, SiteSlug.ForBody(report.Body), $"{folder}/{SitePublisher.PdfFile}", $"{folder}/{SitePublisher.HtmlFile}", $"{folder}/{NoticePage.FileName}",
            $"{folder}/{SitePublisher.ReportDataFile}", PdfSha256: new string('0', 64), PdfBytes: 1, ContentSha256: ReportJson.ContentHash(report));
        return (entry, report);
    }
}
