using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// The <see cref="INotifier"/>: puts one <see cref="OutboxMessage"/> per configured webhook on the
/// <see cref="NotificationQueue"/> (a queue write of a few milliseconds, bounded by
/// <see cref="NotificationOptions.EnqueueTimeout"/>); <see cref="NotificationDelivery"/> sends them later. Any failure
/// is logged and swallowed: the upload's outcome is already recorded and stands. No webhooks: does nothing at all.
/// </summary>
public sealed class QueueNotifier(NotificationQueue queue, IOptions<NotificationOptions> options, ILogger<QueueNotifier> logger) : INotifier
{
    public async Task NotifyAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        try
        {
            var settings = options.Value;
            if (settings.Webhooks.Count == 0) return;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.EnqueueTimeout);
            for (var i = 0; i < settings.Webhooks.Count; i++)
            {
                var webhook = settings.Webhooks[i];
                if (!IsUsable(webhook))
                {
                    logger.LogError("Notifications:Webhooks:{Index} has no absolute http(s) Url; skipped", i);
                    continue;
                }
                var message = new OutboxMessage { Event = notification, Webhook = i, Fingerprint = OutboxMessage.FingerprintOf(webhook) };
                await queue.SendAsync(message.ToJson(), TimeSpan.Zero, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            // Never the pipeline's problem: the status record is written; only the webhook call is lost (and logged).
            logger.LogError(ex, "Could not enqueue the {Kind} notification of {Upload}; webhooks will not hear of it", notification.Kind, notification.Upload);
        }
    }

    internal static bool IsUsable(WebhookOptions webhook) =>
        Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
