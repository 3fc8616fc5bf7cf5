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
public sealed class UploadTriggerFunctions(IUploadProcessor processor, ILogger<UploadTriggerFunctions> logger)
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
        var status = await processor.ProcessAsync(name, upload, run.Token);
        logger.LogInformation("Upload {Upload} finished: {Outcome}", name, status.Outcome);
    }
}
