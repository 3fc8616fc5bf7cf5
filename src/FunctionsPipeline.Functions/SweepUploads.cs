using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Every 5 minutes: gives a <c>rejected</c> status to uploads the blob trigger can never hand over (names with
/// <c>.</c>/<c>..</c> path segments, which blob URLs resolve away), and processes uploads still without a status
/// <see cref="ReconcileAfter"/> after they were written (an Event Grid delivery lost for good), so every upload ends
/// with an outcome.
/// </summary>
public sealed class SweepUploads(IUploadProcessor processor, ILogger<SweepUploads> logger)
{
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Far above Event Grid's retry window for a healthy app, so the sweep only picks up what was really missed.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(30);

    [Function(nameof(SweepUploads))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context)
    {
        var recorded = await processor.RecordUnaddressableUploadsAsync(context.CancellationToken);
        if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
        await foreach (var (name, upload) in processor.FindUnprocessedUploadsAsync(ReconcileAfter, context.CancellationToken))
        {
            logger.LogWarning("Upload {Upload} has no status after {Threshold}; processing it now", name, ReconcileAfter);
            await processor.ProcessAsync(name, upload, context.CancellationToken);
        }
    }
}
