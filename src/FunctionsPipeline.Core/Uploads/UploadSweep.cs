using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The hosts' periodic safety net (a timer function in Azure, a background loop locally), so every upload ends with an
/// outcome: uploads the trigger can never hand over (names with <c>.</c>/<c>..</c> segments) are recorded rejected, and
/// uploads still without a status <c>reconcileAfter</c> after they were written (a missed trigger) are processed now.
/// The threshold is well above the trigger's normal latency, so the two rarely meet; when they do, the per-version
/// status check and the publisher's write-once versions keep the site right.
/// </summary>
public static class UploadSweep
{
    public static async Task RunAsync(IUploadProcessor processor, TimeSpan reconcileAfter, ILogger logger, CancellationToken cancellationToken)
    {
        var recorded = await processor.RecordUnaddressableUploadsAsync(cancellationToken);
        if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
        await foreach (var (name, upload) in processor.FindUnprocessedUploadsAsync(reconcileAfter, cancellationToken))
        {
            logger.LogWarning("Upload {Upload} has no status after {Threshold}; processing it now", name, reconcileAfter);
            await processor.ProcessAsync(name, upload, cancellationToken);
        }
    }
}
