using System.Text.Json;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The blob extension moves an upload that failed <c>poisonBlobThreshold</c> times to <see cref="QueueName"/> in the
/// upload's account. Both hosts hand each message to <c>Hosting.PoisonRouting</c>, which records the blob's request as failed.
/// </summary>
public static class PoisonMessages
{
    public const string QueueName = StorageNames.PoisonQueue;

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
}
