using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Bench;

/// <summary>
/// The whole path on this machine: upload → WebJobs blob trigger (hybrid scan, 10 s poll) → pipeline → site,
/// against an in-memory Azurite started here. Prints upload→published latency (median, p95), burst
/// throughput, the trigger's own burst throughput (no-op processor) and the host process's peak RSS.
/// Sizes: FP_BENCH_LATENCY_RUNS (default 6), FP_BENCH_BURST (default 50), FP_BURST_SIZE for the trigger-only burst (default 200).
/// </summary>
internal static class PipelineBench
{
    public static async Task RunAsync()
    {
        var latencyRuns = Env("FP_BENCH_LATENCY_RUNS", 6);
        var burst = Env("FP_BENCH_BURST", 50);
        var triggerBurst = Env("FP_BURST_SIZE", 200);
        using var rss = new PeakRssSampler();
        await using var azurite = await AzuriteProcess.StartAsync();

        await TriggerOnlyBurstAsync(azurite, triggerBurst, developmentScan: false);
        await TriggerOnlyBurstAsync(azurite, triggerBurst, developmentScan: true);

        var observer = new FinishTimes();
        await using var local = LocalPipeline.Create(azurite.ConnectionString, observer);
        await local.PrepareContainersAsync();
        await using var host = await LocalTriggerHost.StartAsync(azurite.ConnectionString, local.Pipeline,
            new LocalTriggerHostOptions { UploadsContainer = local.Options.UploadsContainer });
        var uploads = local.Storage.GetBlobContainerClient(local.Options.UploadsContainer);

        // Latency: one upload at a time, so each sees an idle host (includes the wait for the next 10 s scan).
        var latencies = new List<double>();
        for (var i = 0; i < latencyRuns; i++)
        {
            var name = $"latency-{i:D2}.xlsx";
            var uploadedAt = await UploadAsync(uploads, name, Report($"基准县第{i}镇人民政府"));
            await observer.WaitForAsync([name], TimeSpan.FromMinutes(2));
            latencies.Add(Stopwatch.GetElapsedTime(uploadedAt, observer.At[name]).TotalMilliseconds);
        }
        Harness.Record("pipeline: upload→published latency (idle host)", latencies);

        // Burst: different bodies at once; throughput from the first upload to the last publication.
        var names = Enumerable.Range(0, burst).Select(i => $"burst-{i:D3}.xlsx").ToArray();
        var bodies = names.ToDictionary(n => n, n => Report($"基准市第{n[6..9]}区人民政府"));
        var start = Stopwatch.GetTimestamp();
        var uploaded = new ConcurrentDictionary<string, long>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (name, _) => uploaded[name] = await UploadAsync(uploads, name, bodies[name]));
        await observer.WaitForAsync(names, TimeSpan.FromMinutes(20));
        var seconds = Stopwatch.GetElapsedTime(start, names.Max(n => observer.At[n])).TotalSeconds;
        var published = names.Count(n => observer.Statuses[n].Outcome == UploadOutcome.Published);
        Harness.Figure($"pipeline: burst of {burst} published", published, "uploads");
        Harness.Figure($"pipeline: burst of {burst} throughput", burst / seconds, "uploads/s");
        Harness.Record($"pipeline: burst of {burst} upload→published latency",
            names.Select(n => Stopwatch.GetElapsedTime(uploaded[n], observer.At[n]).TotalMilliseconds).ToList());
        Harness.Record("pipeline: render stage per upload",
            names.Select(n => observer.Statuses[n].Timings.Single(t => t.Stage == PipelineStages.Render).Milliseconds).ToList());
        Harness.Record("pipeline: publish stage per upload",
            names.Select(n => observer.Statuses[n].Timings.Single(t => t.Stage == PipelineStages.Publish).Milliseconds).ToList());
        Harness.Figure("pipeline: peak RSS of the host process", rss.PeakBytes / 1024.0 / 1024.0, "MiB");
    }

    /// <summary>The trigger alone: a burst with a processor that only reads the blob, counted per name.</summary>
    private static async Task TriggerOnlyBurstAsync(AzuriteProcess azurite, int burst, bool developmentScan)
    {
        var processor = new CountingProcessor();
        var label = developmentScan ? "trigger (dev-storage scan, for comparison)" : "trigger";
        var id = developmentScan ? "dev" : "hybrid";
        var options = new LocalTriggerHostOptions { HostId = $"fp-bench-{id}", UploadsContainer = $"bench-{id}", UseDevelopmentStorageScan = developmentScan };
        await using var host = await LocalTriggerHost.StartAsync(azurite.ConnectionString, processor, options);
        var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(options.UploadsContainer);
        var names = Enumerable.Range(0, burst).Select(i => $"t-{i:D4}.xlsx").ToArray();
        var uploaded = new ConcurrentDictionary<string, long>();
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (name, _) => uploaded[name] = await UploadAsync(uploads, name, [1, 2, 3]));
        // The dev-storage scan never triggers some blobs: give it a bounded wait, not the full one.
        var until = DateTime.UtcNow + (developmentScan ? TimeSpan.FromSeconds(60 + burst / 4) : TimeSpan.FromMinutes(10));
        while (!names.All(processor.Done.ContainsKey) && DateTime.UtcNow < until) await Task.Delay(100);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(12)); // one more scan: would a blob be triggered twice?
        Harness.Figure($"{label}: burst of {burst}, processed", processor.Done.Count, "uploads");
        Harness.Figure($"{label}: burst of {burst}, missed", names.Count(n => !processor.Done.ContainsKey(n)), "uploads");
        Harness.Figure($"{label}: burst of {burst}, duplicates", processor.Done.Values.Count(c => c > 1), "uploads");
        Harness.Figure($"{label}: burst of {burst} throughput", processor.Done.Count / seconds, "uploads/s");
        Harness.Record($"{label}: burst of {burst} upload→invoked latency",
            names.Where(processor.At.ContainsKey).Select(n => Stopwatch.GetElapsedTime(uploaded[n], processor.At[n]).TotalMilliseconds).ToList());
    }

    private static byte[] Report(string body)
    {
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, SampleReports.County with { Body = body });
        return stream.ToArray();
    }

    private static async Task<long> UploadAsync(BlobContainerClient uploads, string name, byte[] content)
    {
        await uploads.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
        return Stopwatch.GetTimestamp();
    }

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var n) && n > 0 ? n : fallback;

    private sealed class FinishTimes : IPipelineObserver
    {
        public ConcurrentDictionary<string, long> At { get; } = new();
        public ConcurrentDictionary<string, UploadStatus> Statuses { get; } = new();

        public void StageCompleted(string upload, string stage, TimeSpan elapsed) { }

        public void Finished(UploadStatus status)
        {
            Statuses[status.Upload] = status;
            At.TryAdd(status.Upload, Stopwatch.GetTimestamp());
        }

        public async Task WaitForAsync(IReadOnlyCollection<string> names, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (!names.All(At.ContainsKey))
            {
                if (DateTime.UtcNow > until) throw new TimeoutException($"not processed: {string.Join(", ", names.Where(n => !At.ContainsKey(n)).Take(5))}");
                await Task.Delay(50);
            }
        }
    }

    private sealed class CountingProcessor : IUploadProcessor
    {
        public ConcurrentDictionary<string, int> Done { get; } = new();
        public ConcurrentDictionary<string, long> At { get; } = new();

        public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
        {
            await upload.DownloadContentAsync(cancellationToken);
            At.TryAdd(uploadName, Stopwatch.GetTimestamp());
            Done.AddOrUpdate(uploadName, 1, (_, c) => c + 1);
            return new UploadStatus { Upload = uploadName, Outcome = UploadOutcome.Unchanged, Message = "" };
        }

        public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
            Task.FromResult(new UploadStatus { Upload = uploadName, Outcome = UploadOutcome.Failed, Message = "" });
    }

    /// <summary>Peak resident set of this process (it hosts the trigger and the pipeline): VmHWM on Linux, sampled as a fallback.</summary>
    private sealed class PeakRssSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakRssSampler() => _timer = new Timer(_ => Sample(), null, 0, 200);

        public long PeakBytes
        {
            get
            {
                Sample();
                using var self = Process.GetCurrentProcess();
                return Math.Max(Interlocked.Read(ref _peak), self.PeakWorkingSet64);
            }
        }

        private void Sample()
        {
            var now = Environment.WorkingSet;
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public void Dispose() => _timer.Dispose();
    }
}
