using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>What one trigger invocation of the real pipeline did and cost.</summary>
internal sealed record CaseRun(
    string Upload,
    int Attempt,
    UploadStatus? Status,
    Exception? Error,
    TimeSpan Wall,
    long AllocatedBytes,
    long PeakRssBytes,
    long RssBeforeBytes,
    IReadOnlyDictionary<string, string> SiteBefore,
    IReadOnlyDictionary<string, string> SiteAfter,
    long FinishedAt);

/// <summary>
/// Sits between the trigger host and the real <see cref="UploadLifecycle"/>: runs one upload at a time so each
/// invocation's wall time, allocations, peak RSS and <c>$web</c> before/after can be attributed to it alone,
/// and records every invocation (and every sweep that recorded something) (a throw is a host-visible failure: the trigger would retry it).
/// </summary>
internal sealed class MeasuringProcessor(IUploadProcessor inner, BlobContainerClient web) : IUploadProcessor
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CaseRun>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Recorded, CaseRun Run)> _sweeps = new();

    public IReadOnlyDictionary<string, ConcurrentQueue<CaseRun>> Runs => _runs;

    public IReadOnlyList<CaseRun> RunsOf(string upload) => _runs.TryGetValue(upload, out var runs) ? runs.ToArray() : [];

    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var before = await web.SnapshotAsync(missingAsEmpty: true);
            ProcessMemory.ResetPeak();
            var rssBefore = ProcessMemory.CurrentRssBytes();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            UploadStatus? status = null;
            Exception? error = null;
            try
            {
                status = await inner.ProcessAsync(uploadName, upload, cancellationToken);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            var wall = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            var peak = ProcessMemory.PeakRssBytes();
            var after = await web.SnapshotAsync(missingAsEmpty: true);
            var runs = _runs.GetOrAdd(uploadName, _ => new ConcurrentQueue<CaseRun>());
            runs.Enqueue(new CaseRun(uploadName, runs.Count + 1, status, error, wall, allocated, peak, rssBefore, before, after, Stopwatch.GetTimestamp()));
            if (error is not null) ExceptionDispatchInfo.Throw(error);
            return status!;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
        inner.RecordFailedAsync(uploadName, eTag, cancellationToken);

    /// <summary>The sweeps that recorded something (uploads the trigger can never hand over), each with its cost and <c>$web</c> before/after.</summary>
    public IReadOnlyList<(int Recorded, CaseRun Run)> Sweeps => _sweeps.ToArray();

    /// <summary>Runs the pipeline's sweep alone (like an invocation), and keeps the sweeps that recorded something.</summary>
    public async Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var before = await web.SnapshotAsync(missingAsEmpty: true);
            ProcessMemory.ResetPeak();
            var rssBefore = ProcessMemory.CurrentRssBytes();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            var recorded = await inner.RecordUnaddressableUploadsAsync(cancellationToken);
            var wall = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            var peak = ProcessMemory.PeakRssBytes();
            var after = await web.SnapshotAsync(missingAsEmpty: true);
            if (recorded > 0)
            {
                _sweeps.Enqueue((recorded, new CaseRun("", 1, null, null, wall, allocated, peak, rssBefore, before, after, Stopwatch.GetTimestamp())));
            }
            return recorded;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
