using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Every 5 minutes: gives a <c>rejected</c> status to uploads the blob trigger can never hand over (names with
/// <c>.</c>/<c>..</c> path segments, which blob URLs resolve away), so every upload ends with an outcome.
/// </summary>
public sealed class SweepUploads(IUploadProcessor processor, ILogger<SweepUploads> logger)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(SweepUploads))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context)
    {
        var recorded = await processor.RecordUnaddressableUploadsAsync(context.CancellationToken);
        if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
    }
}
