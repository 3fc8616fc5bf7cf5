using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: each message the blob extension moves to the poison queue (an upload that failed <c>poisonBlobThreshold</c>
/// times) goes to <see cref="PoisonRouting.RouteAsync"/>, which records the upload (or approval, or withdrawal) as failed so the
/// clerk or reviewer sees it; the sweep then retries it.
/// </summary>
public sealed class RecordFailedUpload(IUploadProcessor processor, IWithdrawalProcessor withdrawals, ILogger<RecordFailedUpload> logger,
    ApprovalProcessor? approvals = null)
{
    [Function(nameof(RecordFailedUpload))]
    public async Task RunAsync(
        [QueueTrigger(PoisonMessages.QueueName, Connection = PipelineStorage.ConnectionName)] string message,
        FunctionContext context)
    {
        // The withdrawals trigger shares the poison queue: the message's container says whose request failed.
        await PoisonRouting.RouteAsync(message, processor, withdrawals, uploadsContainer: null, PipelineOptions.DefaultWithdrawalsContainer, logger,
            context.CancellationToken, approvals);
    }
}
