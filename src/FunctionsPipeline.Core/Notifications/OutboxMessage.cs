using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// One message on the <c>notifications</c> queue: an event for one webhook, and how many attempts it has had.
/// The webhook is named by its position and a fingerprint of its URL, never by the URL or secret themselves, so
/// no key ever sits in the queue; if the configuration changed meanwhile the fingerprint finds it again or the
/// message is dropped (logged).
/// </summary>
public sealed record OutboxMessage
{
    public required NotificationEvent Event { get; init; }
    public required int Webhook { get; init; }
    public required string Fingerprint { get; init; }
    /// <summary>Attempts already made (0 for a new event).</summary>
    public int Attempts { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, WebhookRequest.Json);

    /// <summary>The message, or null if it is not one of ours.</summary>
    public static OutboxMessage? Parse(string json)
    {
        try
        {
            var message = JsonSerializer.Deserialize<OutboxMessage>(json, WebhookRequest.Json);
            return message?.Event is null || message.Fingerprint is null ? null : message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>First 12 hex digits of the SHA-256 of the URL.</summary>
    public static string FingerprintOf(WebhookOptions webhook) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(webhook.Url)))[..12];
}
