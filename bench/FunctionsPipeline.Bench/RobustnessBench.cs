using FunctionsPipeline.Core.Hosting;
using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/FunctionsPipeline.Bench -- robustness</c>: the test suite's hostile corpus
/// (tests/…/Robustness/HostileCorpus.cs, linked in) against an in-memory Azurite.
/// <list type="bullet">
/// <item>median time per hostile-case class, straight through <see cref="UploadLifecycle"/> (no trigger polling in the figure);</item>
/// <item>peak RSS of the process while the local trigger host processes the whole corpus;</item>
/// <item>recovery time after a crash before a publishing step (trigger retry → published);</item>
/// <item>recovery time after a storage outage: a persistent Azurite killed (SIGKILL) mid-burst and started again on the same
/// ports; from storage answering again to every upload of the burst having its outcome (the host's catch-up pass).</item>
/// </list>
/// </summary>
internal static class RobustnessBench
{
    private const int Iterations = 5;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await ClassMediansAsync(azurite.ConnectionString);
        await HostPeakRssAsync(azurite.ConnectionString);
        await CrashRecoveryAsync(azurite.ConnectionString);
        await OutageRecoveryAsync();
    }

    private const int OutageBurst = 24;

    private static async Task OutageRecoveryAsync()
    {
        var location = Path.Combine(Path.GetTempPath(), $"fp-bench-outage-{Guid.NewGuid():N}");
        var azurite = await AzuriteProcess.StartPersistentAsync(location);
        try
        {
            var containers = Unique();
            await using var services = Pipeline(azurite.ConnectionString, containers, faults: null);
            var pipeline = services.GetRequiredService<UploadLifecycle>();
            await services.PrepareStorageAsync();
            // Azurite saves its metadata every 5 s: let the containers reach the disk (see StorageOutageTests).
            await Task.Delay(TimeSpan.FromSeconds(6));
            await using var host = await LocalTriggerHost.StartAsync(azurite.ConnectionString, pipeline,
                new LocalTriggerHostOptions { HostId = "fp-bench-outage", UploadsContainer = containers.Uploads });
            var names = Enumerable.Range(1, OutageBurst).Select(i => $"outage-{i:D2}.xlsx").ToArray();
            var eTags = new Dictionary<string, string>();
            foreach (var (name, i) in names.Select((n, i) => (n, i)))
            {
                var workbook = WorkbookFactory.From(HostileCorpus.CountyAs($"断电基准{i + 1:D2}号县人民政府")).ToBytes();
                eTags[name] = (await pipeline.Containers.Uploads.UploadBlobAsync(name, new BinaryData(workbook))).Value.ETag.ToString();
            }
            async Task<int> RecordedAsync()
            {
                var recorded = 0;
                foreach (var name in names)
                {
                    if (await pipeline.GetStatusAsync(name) is { Outcome: not UploadOutcome.Failed } s && s.ETag == eTags[name]) recorded++;
                }
                return recorded;
            }
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (DateTime.UtcNow < until && await RecordedAsync() == 0) await Task.Delay(100);
            // Killed as soon as the first upload is recorded (mid-burst). The figure is about the records; what Azurite loses
            // of its last 5 s (see StorageOutageTests) is processed again like any retry.
            var before = await RecordedAsync();
            var (blobPort, queuePort, tablePort) = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
            await azurite.KillAsync();
            await azurite.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(20));
            azurite = await AzuriteProcess.StartPersistentAsync(location, blobPort, queuePort, tablePort);
            var back = Stopwatch.StartNew();
            var recordedAfter = 0;
            while (back.Elapsed < TimeSpan.FromMinutes(3) && (recordedAfter = await RecordedAsync()) < OutageBurst) await Task.Delay(250);
            var published = 0;
            foreach (var name in names) if ((await pipeline.GetStatusAsync(name))?.Outcome == UploadOutcome.Published) published++;
            Console.WriteLine($"  outage: {before} of {OutageBurst} recorded when storage was killed; {recordedAfter} recorded, {published} published after it");
            Harness.Figure("robustness storage outage → every upload recorded (s after storage answers)", back.Elapsed.TotalSeconds, "s");
        }
        finally
        {
            await azurite.DisposeAsync();
            try
            {
                Directory.Delete(location, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task ClassMediansAsync(string connectionString)
    {
        await using var services = Pipeline(connectionString, Unique(), faults: null);
        var pipeline = services.GetRequiredService<UploadLifecycle>();
        await pipeline.Containers.Uploads.CreateIfNotExistsAsync();
        var samples = new Dictionary<string, List<double>>();
        var outcomes = new Dictionary<string, int>();
        foreach (var c in HostileCorpus.All)
        {
            var content = c.Content();
            // Through the blob, as the trigger hands it over (the size limit applies to the download).
            var blob = pipeline.Containers.Uploads.GetBlobClient($"bench/{Guid.NewGuid():N}{Path.GetExtension(c.BlobName)}");
            await blob.UploadAsync(new BinaryData(content));
            for (var i = 0; i < Iterations; i++)
            {
                var name = $"{i}-{c.BlobName}"; // a new name each time (extension kept), so nothing short-cuts the run
                var clock = Stopwatch.StartNew();
                var status = await pipeline.ProcessAsync(name, new MemoryStream(content, writable: false), eTag: null, CancellationToken.None);
                var key = $"{c.Class} {status.Outcome.ToString().ToLowerInvariant()}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                if (status.Outcome == UploadOutcome.Failed) Console.WriteLine($"  failed: {c.Id}: {status.Message}");
                if (!samples.TryGetValue(c.Class, out var list)) samples[c.Class] = list = [];
                list.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine("  outcomes: " + string.Join(", ", outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} ×{kv.Value}")));
        foreach (var (name, values) in samples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Harness.Record($"robustness hostile class {name}", values);
        }
    }

    private static async Task HostPeakRssAsync(string connectionString)
    {
        var containers = Unique();
        await using var services = Pipeline(connectionString, containers, faults: null);
        var pipeline = services.GetRequiredService<UploadLifecycle>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var corpus = HostileCorpus.All.Where(c => !c.BlobName.Contains("..", StringComparison.Ordinal)).ToList();
        var uploads = corpus.Select(c => (c, Content: c.Content())).ToList();
        GC.Collect();
        ProcessMemory.ResetPeak();
        var rssBefore = ProcessMemory.CurrentRssBytes();
        await using (var host = await LocalTriggerHost.StartAsync(connectionString, pipeline,
                         new LocalTriggerHostOptions { HostId = "fp-bench-robust", UploadsContainer = containers.Uploads }))
        {
            await pipeline.Containers.Uploads.CreateIfNotExistsAsync();
            var clock = Stopwatch.StartNew();
            foreach (var (c, content) in uploads) await pipeline.Containers.Uploads.GetBlobClient(c.UploadName).UploadAsync(new BinaryData(content), overwrite: true);
            while (clock.Elapsed < TimeSpan.FromMinutes(3) && done.Count < corpus.Count)
            {
                foreach (var c in corpus.Where(c => !done.Contains(c.BlobName)))
                {
                    if (await pipeline.GetStatusAsync(c.BlobName) is { Outcome: not UploadOutcome.Failed }) done.Add(c.BlobName);
                }
                await Task.Delay(500);
            }
            Harness.Figure("robustness corpus through trigger host (s)", clock.Elapsed.TotalSeconds, "s");
        }
        Harness.Figure("robustness corpus cases finished", done.Count, "cases");
        Harness.Figure("robustness host RSS before corpus", rssBefore / 1024.0 / 1024.0, "MB");
        Harness.Figure("robustness host peak RSS during corpus", ProcessMemory.PeakRssBytes() / 1024.0 / 1024.0, "MB");
    }

    private static async Task CrashRecoveryAsync(string connectionString)
    {
        var recoveries = new List<double>();
        foreach (var step in new[] { PublishSteps.Pdf, PublishSteps.Notice, PublishSteps.Manifest, PublishSteps.Index })
        {
            var containers = Unique();
            var faults = new TimedCrash(step);
            await using var services = Pipeline(connectionString, containers, faults);
            var pipeline = services.GetRequiredService<UploadLifecycle>();
            await using var host = await LocalTriggerHost.StartAsync(connectionString, pipeline,
                new LocalTriggerHostOptions { HostId = $"fp-bench-crash-{Guid.NewGuid():N}"[..24], UploadsContainer = containers.Uploads });
            await pipeline.Containers.Uploads.CreateIfNotExistsAsync();
            var eTag = (await pipeline.Containers.Uploads.UploadBlobAsync("crash.xlsx",
                new BinaryData(WorkbookFactory.From(HostileCorpus.CountyAs($"恢复测试{step}县人民政府")).ToBytes()))).Value.ETag.ToString();
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (DateTime.UtcNow < until && (await pipeline.GetStatusAsync("crash.xlsx"))?.ETag != eTag) await Task.Delay(100);
            if (faults.CrashedAt is { } crashed) recoveries.Add(Stopwatch.GetElapsedTime(crashed).TotalMilliseconds);
        }
        Harness.Record("robustness crash→published recovery", recoveries);
    }

    private sealed class TimedCrash(string step) : IPublishFaults
    {
        public long? CrashedAt { get; private set; }

        public Task BeforeStepAsync(string name, CancellationToken cancellationToken)
        {
            if (name != step || CrashedAt is not null) return Task.CompletedTask;
            CrashedAt = Stopwatch.GetTimestamp();
            throw new RequestFailedException(503, $"simulated crash before {name}");
        }
    }

    private static PipelineContainers Unique() => PipelineContainers.Unique();

    private static ServiceProvider Pipeline(string connectionString, PipelineContainers containers, IPublishFaults? faults)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineStorage.ConnectionName] = connectionString,
            ["Pipeline:UploadsContainer"] = containers.Uploads,
            ["Pipeline:ResultsContainer"] = containers.Results,
            ["Publishing:ContainerName"] = containers.Web,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (faults is not null) services.AddSingleton(faults);
        services.AddPipeline(configuration);
        return services.BuildServiceProvider();
    }
}
