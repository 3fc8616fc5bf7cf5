using System.Diagnostics;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>Stops the storage (Azurite) when a publication reaches one step, and holds that step until the test has stopped it.</summary>
internal sealed class StopStorageAt(string step) : IPublishFaults
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public Task Reached => _reached.Task;

    public void StorageStopped() => _stopped.TrySetResult();

    public async Task BeforeStepAsync(string name, CancellationToken cancellationToken)
    {
        if (name != step || Interlocked.CompareExchange(ref _armed, 0, 1) != 1) return;
        _reached.TrySetResult();
        await _stopped.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>
/// Azurite (persistent, <c>--location</c>) is stopped in the middle of a publication — after the version's files,
/// before its notice — and started again on the same ports. The trigger retries; the site ends fully updated or
/// exactly as before, and never lists something whose files are missing.
/// </summary>
[Collection(RobustnessFaultsCollection.Name)]
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _location = Path.Combine(Path.GetTempPath(), $"fp-robust-azurite-{Guid.NewGuid():N}");
    private AzuriteProcess? _azurite;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartPersistentAsync(_location);

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Storage_stopped_in_the_middle_of_a_publication_and_restarted_leaves_the_site_whole()
    {
        var faults = new StopStorageAt(PublishSteps.Notice);
        var attempts = new List<(Exception? Error, UploadStatus? Status)>();
        await using var under = await PipelineUnderTrigger.StartAsync(_azurite!.ConnectionString, PipelineContainers.Standard,
            (pipeline, _) => new ObservingProcessor(pipeline, attempts), faults,
            new HostJsonSettings(MaxDegreeOfParallelism: 2, PoisonBlobThreshold: 5), hostId: "fp-robust-outage");

        // Something already published, so "exactly as before" means something.
        var before = await under.UploadAsync("之前.xlsx", WorkbookFactory.From(HostileCorpus.CountyAs("断电前县人民政府")).ToBytes());
        Assert.Equal(UploadOutcome.Published, (await under.WaitForStatusAsync("之前.xlsx", before, TimeSpan.FromMinutes(2)))?.Outcome);

        faults.Arm();
        var eTag = await under.UploadAsync("断电.xlsx", WorkbookFactory.From(HostileCorpus.CountyAs("断电测试县人民政府")).ToBytes());
        await faults.Reached.WaitAsync(TimeSpan.FromMinutes(2));
        var (blobPort, queuePort, tablePort) = (_azurite.BlobPort, _azurite.QueuePort, _azurite.TablePort);
        await _azurite.DisposeAsync();
        _azurite = null;
        var outage = Stopwatch.StartNew();
        faults.StorageStopped();

        // The invocation fails against the stopped storage (after the SDK's own retries) …
        Assert.True(await Polling.UntilAsync(() => { lock (attempts) return attempts.Any(a => a.Error is not null); }, TimeSpan.FromMinutes(1)),
            "the publication did not fail while storage was down");
        // … then storage comes back, same ports, same data.
        _azurite = await AzuriteProcess.StartPersistentAsync(_location, blobPort, queuePort, tablePort);
        var downFor = outage.Elapsed;

        var status = await under.WaitForStatusAsync("断电.xlsx", eTag, TimeSpan.FromMinutes(3), done: s => s.Outcome == UploadOutcome.Published);
        var recovered = outage.Elapsed;
        lock (attempts) output.WriteLine($"storage down {downFor.TotalSeconds:F1} s; final status after {recovered.TotalSeconds:F1} s: {status?.Outcome}; " +
                                         $"attempts: {string.Join(" | ", attempts.Select(a => a.Error?.GetType().Name ?? a.Status?.Outcome.ToString()))}");

        Assert.NotNull(status);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(under.Web));
        var manifest = await under.Publisher.GetManifestAsync();
        // Once storage is back the upload is published: the invocation's own retries, or the sweep's, publish it.
        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Single(manifest.Publications, e => e.Body == "断电测试县人民政府");
        Assert.Single(manifest.Publications, e => e.Body == "断电前县人民政府");
        Assert.True(await under.Uploads.GetBlobClient("断电.xlsx").ExistsAsync());
    }

    /// <summary>Records each invocation's result (or failure) and passes it on unchanged.</summary>
    private sealed class ObservingProcessor(IUploadProcessor inner, List<(Exception?, UploadStatus?)> attempts)
        : DelegatingProcessor(inner, forwardsUnprocessedSweep: false)
    {
        public override async Task<UploadStatus> ProcessAsync(string uploadName, Azure.Storage.Blobs.BlobClient upload, CancellationToken cancellationToken)
        {
            try
            {
                var status = await Inner.ProcessAsync(uploadName, upload, cancellationToken);
                lock (attempts) attempts.Add((null, status));
                return status;
            }
            catch (Exception ex)
            {
                lock (attempts) attempts.Add((ex, null));
                throw;
            }
        }
    }
}
