using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: every 5 minutes, <see cref="UploadSweep"/> (unaddressable names rejected, uploads a lost Event Grid delivery missed
/// or whose trigger gave up processed), then the same for <c>approvals</c> and <c>withdrawals</c>. Each reads only the
/// records of blobs changed since its marker (<see cref="Core.Requests.RequestSweep"/>).
/// </summary>
public sealed class SweepUploads(IUploadProcessor processor, ILogger<SweepUploads> logger, ApprovalProcessor? approvals = null,
    IWithdrawalProcessor? withdrawals = null)
{
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Far above Event Grid's retry window for a healthy app, so the sweep only picks up what was really missed.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(30);

    [Function(nameof(SweepUploads))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context)
    {
        await UploadSweep.RunAsync(processor, ReconcileAfter, logger, context.CancellationToken);
        if (approvals is not null) await approvals.SweepAsync(ReconcileAfter, busy: null, context.CancellationToken);
        if (withdrawals is not null) await withdrawals.SweepAsync(ReconcileAfter, busy: null, context.CancellationToken);
    }
}
