using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: each message the blob extension moves to the poison queue (an upload that failed <c>poisonBlobThreshold</c>
/// times) goes to <see cref="PoisonMessages.RecordAsync"/>, which records the upload as failed so the clerk sees it.
/// </summary>
public sealed class RecordFailedUpload(IUploadProcessor processor, IWithdrawalProcessor withdrawals, ILogger<RecordFailedUpload> logger)
{
    [Function(nameof(RecordFailedUpload))]
    public async Task RunAsync(
        [QueueTrigger(PoisonMessages.QueueName, Connection = PipelineStorage.ConnectionName)] string message,
        FunctionContext context)
    {
        // The withdrawals trigger shares the poison queue: its messages are recorded as failed withdrawals, not uploads.
        if (await WithdrawalProcessor.RecordPoisonAsync(withdrawals, message, PipelineOptions.DefaultWithdrawalsContainer, context.CancellationToken)) return;
        await PoisonMessages.RecordAsync(processor, message, uploadsContainer: null, logger, context.CancellationToken);
    }
}
