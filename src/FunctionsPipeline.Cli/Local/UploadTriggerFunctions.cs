using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The WebJobs functions of the local trigger host: glue only, like the Functions app's ProcessUpload.
/// Container names come from configuration (<c>%Pipeline:UploadsContainer%</c>).
/// </summary>
public sealed class UploadTriggerFunctions(IUploadProcessor processor, ILogger<UploadTriggerFunctions> logger, InFlightRequests inFlight, StorageRecovery recovery)
{
    public const string ConnectionName = PipelineStorage.ConnectionName;

    [FunctionName("ProcessUpload")]
    public async Task ProcessUploadAsync(
        [BlobTrigger("%Pipeline:UploadsContainer%/{name}", Connection = ConnectionName)] BlobClient upload,
        string name,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Upload {Upload} triggered", name);
        // The invocation's token, with time to finish: a request in progress when the host stops is finished (its
        // blob receipt is then written), unless it is still waiting once the grace is over (storage down).
        using var run = InvocationCancellation.WithGrace(cancellationToken, InvocationCancellation.LocalHostGrace);
        UploadStatus status;
        try
        {
            // One at a time per blob with the host's catch-up pass (InFlightRequests).
            status = await inFlight.RunAsync(InFlightRequests.Uploads, name, () => processor.ProcessAsync(name, upload, run.Token));
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) && !run.Token.IsCancellationRequested)
        {
            recovery.ReportUnavailable();
            throw;
        }
        logger.LogInformation("Upload {Upload} finished: {Outcome}", name, status.Outcome);
    }
}
