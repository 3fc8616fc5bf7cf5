using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue between the blob trigger and <see cref="IUploadProcessor"/>. Event Grid delivers BlobCreated events for
/// the uploads container (as Flex Consumption requires); storage errors propagate so the host retries, and after
/// <c>poisonBlobThreshold</c> (host.json) the upload lands in <c>webjobs-blobtrigger-poison</c>, where
/// <see cref="RecordFailedUpload"/> marks it failed. Nothing is written through output bindings.
/// </summary>
public sealed class ProcessUpload(IUploadProcessor processor, ILogger<ProcessUpload> logger)
{
    /// <summary>The trigger path. The container must match the Event Grid subscription's filter, so it is the options' default.</summary>
    public const string UploadPath = PipelineOptions.DefaultUploadsContainer + "/{name}";

    [Function(nameof(ProcessUpload))]
    public async Task RunAsync(
        [BlobTrigger(UploadPath, Source = BlobTriggerSource.EventGrid, Connection = PipelineStorage.ConnectionName)] BlobClient upload,
        string name,
        FunctionContext context)
    {
        logger.LogInformation("Processing upload {Upload} (invocation {InvocationId})", name, context.InvocationId);
        var status = await processor.ProcessAsync(name, upload, context.CancellationToken);
        logger.LogInformation("Upload {Upload} ended {Outcome}: {Message}", name, status.Outcome, status.Message);
    }
}
