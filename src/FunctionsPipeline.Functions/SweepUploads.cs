using FunctionsPipeline.Core.Uploads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>Glue: every 5 minutes, <see cref="UploadSweep"/> (unaddressable names rejected, uploads a lost Event Grid delivery missed processed).</summary>
public sealed class SweepUploads(IUploadProcessor processor, ILogger<SweepUploads> logger)
{
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Far above Event Grid's retry window for a healthy app, so the sweep only picks up what was really missed.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(30);

    [Function(nameof(SweepUploads))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context) =>
        UploadSweep.RunAsync(processor, ReconcileAfter, logger, context.CancellationToken);
}
