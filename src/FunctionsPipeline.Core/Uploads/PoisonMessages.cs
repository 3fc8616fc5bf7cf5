using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The blob extension moves an upload that failed <c>poisonBlobThreshold</c> times to <see cref="QueueName"/> in the
/// upload's account. Both hosts hand each message to <see cref="RecordAsync"/>, which records the upload as failed.
/// </summary>
public static class PoisonMessages
{
    public const string QueueName = "webjobs-blobtrigger-poison";

    /// <summary>The message, or null if it is not the extension's JSON.</summary>
    public static PoisonMessage? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<PoisonMessage>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records <c>failed</c> for the message's upload. Returns false (leave the message) when it names another
    /// uploads container than <paramref name="uploadsContainer"/> (null: any); a message without a blob name is
    /// logged and counts as handled.
    /// </summary>
    public static async Task<bool> RecordAsync(IUploadProcessor processor, string body, string? uploadsContainer, ILogger logger,
        CancellationToken cancellationToken)
    {
        var poisoned = Parse(body);
        // Another host's uploads container sharing the account: not ours to record.
        if (uploadsContainer is not null && poisoned?.ContainerName is { } container && container != uploadsContainer) return false;
        // An approval blob (review gate), not an upload: it is no upload to mark failed; the approval stays, a reviewer may write it again.
        if (poisoned?.FunctionId?.EndsWith(".ProcessApproval", StringComparison.Ordinal) == true) return false;
        if (poisoned?.BlobName is not { } name)
        {
            logger.LogWarning("Ignoring a poison message without a blob name");
            return true;
        }
        logger.LogWarning("Upload {Upload} reached the poison threshold; recording it as failed", name);
        await processor.RecordFailedAsync(name, poisoned.ETag, cancellationToken);
        return true;
    }
}
