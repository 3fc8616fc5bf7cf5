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
/// While armed, holds every publication at its next step until released: in-flight publications wait there while Azurite
/// saves what it acknowledged (it writes its metadata to disk every 5 s), so a SIGKILL then meets publications half done
/// without losing anything it acknowledged (real storage never does).
/// </summary>
internal sealed class HoldPublishing : IPublishFaults
{
    private TaskCompletionSource? _hold;
    private int _held;

    public int Held => Volatile.Read(ref _held);

    public void Arm() => Interlocked.Exchange(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public async Task BeforeStepAsync(string name, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _hold) is not { } hold) return;
        Interlocked.Increment(ref _held);
        await hold.Task.WaitAsync(cancellationToken);
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

    /// <summary>Uploads in the issue's probe: 20 workbooks of 20 bodies; a few more make the outage land mid-burst for sure.</summary>
    public const int BurstSize = 24;

    /// <summary>How long storage stays down (the issue's probe: 20 s).</summary>
    public static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The operator's probe (issue 34): a burst of uploads of different bodies through the real trigger host; while the
    /// burst is being processed (some recorded, most not) Azurite is killed (SIGKILL) and started again on the same ports
    /// with the same data 20 s later. Every upload must end <c>published</c> as version 1 (no <c>unchanged</c> for an
    /// upload that published its own version, no <c>failed</c>, none without a record), each body published once, the
    /// site whole, and all of it within 60 s of storage answering again (the host's catch-up pass, not the 5-minute sweep).
    /// </summary>
    [Fact]
    public async Task A_storage_outage_mid_burst_ends_with_every_upload_published_once_and_recovers_within_a_minute()
    {
        var hold = new HoldPublishing();
        await using var under = await PipelineUnderTrigger.StartAsync(_azurite!.ConnectionString, PipelineContainers.Standard, faults: hold,
            blobs: HostJsonSettings.Load(), hostId: "fp-robust-outage-burst");
        // As `fp serve` does at start. Azurite writes its metadata to disk every 5 s, so a SIGKILL loses what it acknowledged in
        // the last 5 s, which real storage never does: the containers are created well before the kill, and publications are
        // held before it (HoldPublishing) until what they wrote is on disk.
        await under.PrepareStorageAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var bodies = Enumerable.Range(1, BurstSize).Select(i => $"断电突发{i:D2}号县人民政府").ToArray();
        var names = bodies.Select((_, i) => $"outage-{i + 1:D2}.xlsx").ToArray();
        var workbooks = bodies.AsParallel().AsOrdered().Select(b => WorkbookFactory.From(HostileCorpus.CountyAs(b)).ToBytes()).ToArray();
        var eTags = new Dictionary<string, string>();
        for (var i = 0; i < BurstSize; i++) eTags[names[i]] = await under.UploadAsync(names[i], workbooks[i]);

        // Mid-burst: the first outcomes are recorded, most are not.
        async Task<int> RecordedAsync()
        {
            var statuses = await Task.WhenAll(names.Select(n => under.Pipeline.GetStatusAsync(n)));
            return statuses.Zip(names).Count(p => p.First is { } s && s.ETag == eTags[p.Second] && s.Outcome != UploadOutcome.Failed);
        }
        var recordedBefore = 0;
        Assert.True(await Polling.UntilAsync(async () => (recordedBefore = await RecordedAsync()) > 0, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100)),
            "nothing was processed before the outage");
        // Publications in flight are held at their next step while Azurite saves what it acknowledged (see HoldPublishing);
        // then storage dies under them and they go on against it.
        hold.Arm();
        Assert.True(await Polling.UntilAsync(() => hold.Held > 0, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)), "no publication in flight");
        await Task.Delay(TimeSpan.FromSeconds(6));
        recordedBefore = await RecordedAsync();
        Assert.True(recordedBefore < BurstSize, "the burst was over before the outage: it would not be mid-burst");
        var (blobPort, queuePort, tablePort) = (_azurite.BlobPort, _azurite.QueuePort, _azurite.TablePort);
        await _azurite.KillAsync();
        hold.Release();
        await _azurite.DisposeAsync();
        _azurite = null;
        await Task.Delay(OutageLength);
        _azurite = await AzuriteProcess.StartPersistentAsync(_location, blobPort, queuePort, tablePort);
        var back = Stopwatch.StartNew();

        var allRecorded = await Polling.UntilAsync(async () => await RecordedAsync() == BurstSize, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250));
        var recovery = back.Elapsed;
        var final = await Task.WhenAll(names.Select(n => under.Pipeline.GetStatusAsync(n)));
        output.WriteLine($"outage mid-burst: {recordedBefore} of {BurstSize} recorded and {hold.Held} publication step(s) in flight when storage was killed, down {OutageLength.TotalSeconds:F0} s; " +
                         $"recovery time (storage answering → every upload recorded): {recovery.TotalSeconds:F1} s; outcomes: " +
                         string.Join(", ", final.GroupBy(s => s?.Outcome.ToString() ?? "none").Select(g => $"{g.Key} {g.Count()}")));

        Assert.True(allRecorded, $"not every upload has its outcome {recovery.TotalSeconds:F0} s after storage returned: " +
                                 string.Join(", ", final.Zip(names).Where(p => p.First?.ETag != eTags[p.Second] || p.First?.Outcome == UploadOutcome.Failed).Select(p => $"{p.Second} {p.First?.Outcome}")));
        Assert.True(recovery < TimeSpan.FromSeconds(60), $"recovery took {recovery.TotalSeconds:F1} s");
        Assert.All(final.Zip(names), p =>
        {
            Assert.NotNull(p.First);
            Assert.Equal((UploadOutcome.Published, eTags[p.Second], 1), (p.First.Outcome, p.First.ETag, p.First.Version));
        });
        var manifest = await under.Publisher.GetManifestAsync();
        foreach (var missing in bodies.Except(manifest.Publications.Select(e => e.Body)))
        {
            var path = Core.Publishing.Site.SiteLayout.BodyManifest(Core.Publishing.SiteSlug.ForBody(missing));
            var blob = under.Web.GetBlobClient(path);
            string what;
            try
            {
                what = (await blob.DownloadContentAsync()).Value.Content.ToString();
            }
            catch (Azure.RequestFailedException ex)
            {
                what = $"{ex.Status} {ex.ErrorCode}";
            }
            output.WriteLine($"not in the manifest: {missing}: {path}: {what}");
        }
        Assert.Equal(bodies.Order(StringComparer.Ordinal), manifest.Publications.Select(e => e.Body).Order(StringComparer.Ordinal)); // each version once
        var problems = await SiteIntegrity.ProblemsAsync(under.Web);
        foreach (var problem in problems.Take(20)) output.WriteLine($"site: {problem}");
        Assert.Empty(problems);
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
