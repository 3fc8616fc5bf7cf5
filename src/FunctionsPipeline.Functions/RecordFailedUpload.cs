using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: each message the blob extension moves to the poison queue (an upload that failed <c>poisonBlobThreshold</c>
/// times) goes to <see cref="PoisonMessages.RecordAsync"/>, which records the upload as failed so the clerk sees it.
/// </summary>
public sealed class RecordFailedUpload(IUploadProcessor processor, ILogger<RecordFailedUpload> logger)
{
    [Function(nameof(RecordFailedUpload))]
    public Task RunAsync(
        [QueueTrigger(PoisonMessages.QueueName, Connection = PipelineStorage.ConnectionName)] string message,
        FunctionContext context) =>
        PoisonMessages.RecordAsync(processor, message, uploadsContainer: null, logger, context.CancellationToken);
}
