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
        string name)
    {
        logger.LogInformation("Upload {Upload} triggered", name);
        // Not the host's shutdown token: an upload in progress when the host stops is finished (the host waits up
        // to its shutdown timeout), so its queue message is deleted. Cancelled, the message would stay invisible
        // for the queue's visibility timeout (minutes) and a restarted host would pick the upload up only then.
        var status = await processor.ProcessAsync(name, upload, CancellationToken.None);
        logger.LogInformation("Upload {Upload} finished: {Outcome}", name, status.Outcome);
    }
}
