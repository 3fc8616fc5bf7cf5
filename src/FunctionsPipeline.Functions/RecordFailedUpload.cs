using System.Text.Json;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Functions;

/// <summary>
/// The blob extension moves an upload that failed <c>poisonBlobThreshold</c> times to the poison queue of the
/// upload's account; this turns each such message into a <c>failed</c> status record so the clerk sees it.
/// </summary>
public sealed class RecordFailedUpload(IUploadProcessor processor, ILogger<RecordFailedUpload> logger)
{
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    [Function(nameof(RecordFailedUpload))]
    public async Task RunAsync(
        [QueueTrigger(PoisonQueue, Connection = PipelineStorage.ConnectionName)] string message,
        FunctionContext context)
    {
        var poisoned = Parse(message);
        if (poisoned?.BlobName is not { } name)
        {
            logger.LogWarning("Ignoring a poison message without a blob name");
            return;
        }
        logger.LogWarning("Upload {Upload} reached the poison threshold; recording it as failed", name);
        await processor.RecordFailedAsync(name, poisoned.ETag, context.CancellationToken);
    }

    internal static PoisonMessage? Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<PoisonMessage>(message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The part of the blob extension's trigger message we read.</summary>
    internal sealed record PoisonMessage(string? ContainerName, string? BlobName, string? ETag);
}
