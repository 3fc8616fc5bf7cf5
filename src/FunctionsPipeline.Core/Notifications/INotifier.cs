namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// Tells the configured webhooks what happened. Never throws and never fails or holds up the caller beyond one
/// bounded queue write: delivery, signing and retries happen later (<see cref="NotificationDelivery"/>).
/// Call it after the outcome is recorded.
/// </summary>
public interface INotifier
{
    Task NotifyAsync(NotificationEvent notification, CancellationToken cancellationToken);
}
