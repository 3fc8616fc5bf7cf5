using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The hosts' periodic safety net (a timer function in Azure, a background loop locally), so every upload ends with an
/// outcome: uploads the trigger can never hand over (names with <c>.</c>/<c>..</c> segments) are recorded rejected, and
/// uploads still without a status <c>reconcileAfter</c> after they were written (a missed trigger), or whose trigger gave up
/// on storage errors (<c>failed</c> with <see cref="Requests.StorageErrors.GaveUpCode"/>), are processed now; only the records
/// of uploads changed since the last pass are read (<see cref="Requests.RequestSweep"/>).
/// The threshold is well above the trigger's normal latency, so the two rarely meet; when they do, the per-version
/// status check and the publisher's write-once versions keep the site right.
/// </summary>
public static class UploadSweep
{
    public static Task RunAsync(IUploadProcessor processor, TimeSpan reconcileAfter, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(processor, reconcileAfter, logger, busy: null, parallelism: 1, cancellationToken);

    /// <summary>
    /// The sweep; <paramref name="busy"/> names uploads a trigger is processing right now (left to it), and up to
    /// <paramref name="parallelism"/> missed uploads are processed at once (the local host's catch-up after an outage).
    /// Returns how many uploads it processed.
    /// </summary>
    public static async Task<int> RunAsync(IUploadProcessor processor, TimeSpan reconcileAfter, ILogger logger, Func<string, bool>? busy, int parallelism,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var recorded = await processor.RecordUnaddressableUploadsAsync(cancellationToken);
        if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
        var processed = 0;
        var missed = processor.FindUnprocessedUploadsAsync(reconcileAfter, cancellationToken).Where(found => busy?.Invoke(found.Name) != true);
        await Parallel.ForEachAsync(missed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (found, ct) =>
            {
                logger.LogWarning("Upload {Upload} has no outcome for its version after {Threshold}; processing it now", found.Name, reconcileAfter);
                await processor.ProcessAsync(found.Name, found.Upload, ct);
                Interlocked.Increment(ref processed);
            });
        return processed;
    }
}
