using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// Tells the configured webhooks what happened. Never throws and never fails or holds up the caller beyond one
/// bounded queue write: delivery, signing and retries happen later (<see cref="NotificationDelivery"/>).
/// Call it after the status record is written: <c>await notifier.NotifyAsync(status, ct);</c>
/// </summary>
public interface INotifier
{
    Task NotifyAsync(NotificationEvent notification, CancellationToken cancellationToken);

    /// <summary>The event of a status just recorded (<see cref="NotificationEvent.From"/>).</summary>
    Task NotifyAsync(UploadStatus status, CancellationToken cancellationToken) =>
        NotifyAsync(NotificationEvent.From(status), cancellationToken);
}
