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
}

public static class NotifierExtensions
{
    /// <summary>The event of a status just recorded (<see cref="NotificationEvent.From"/>): the one line every flow that records an outcome adds.</summary>
    public static Task NotifyAsync(this INotifier notifier, UploadStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        return notifier.NotifyAsync(NotificationEvent.From(status), cancellationToken);
    }
}
