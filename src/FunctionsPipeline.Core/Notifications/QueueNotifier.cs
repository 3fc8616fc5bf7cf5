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
            var messages = new List<string>(settings.Webhooks.Count);
            for (var i = 0; i < settings.Webhooks.Count; i++)
            {
                var webhook = settings.Webhooks[i];
                if (!IsUsable(webhook))
                {
                    logger.LogError("Notifications:Webhooks:{Index} has no absolute https Url (http only to loopback); skipped", i);
                    continue;
                }
                // The message capped, so a reviewer's 60 KB reason still fits a queue message (the record keeps it whole).
                messages.Add(new OutboxMessage { Event = notification.Capped(), Webhook = i, Fingerprint = OutboxMessage.FingerprintOf(webhook) }.ToJson());
            }
            // One message per webhook, written side by side: the wait is one queue write however many webhooks there are.
            await Task.WhenAll(messages.Select(message => queue.SendAsync(message, TimeSpan.Zero, timeout.Token)));
        }
        catch (Exception ex)
        {
            // Never the pipeline's problem: the status record is written; only the webhook call is lost (and logged).
            logger.LogError(ex, "Could not enqueue the {Kind} notification of {Upload}; webhooks will not hear of it", notification.Kind, notification.Upload);
        }
    }

    internal static bool IsUsable(WebhookOptions webhook) => WebhookRequest.IsAllowed(webhook.Url);
}
