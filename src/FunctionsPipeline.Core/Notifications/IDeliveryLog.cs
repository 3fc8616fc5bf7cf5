namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// Where the final outcome of one event at one webhook is kept: the status record the event came from
/// (<see cref="NotificationEvent.Upload"/>, at <see cref="NotificationEvent.Time"/>). The upload's lifecycle implements it,
/// as the one writer of upload status records.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>Adds <paramref name="delivery"/> to the record; false when the record is gone or newer than the event.</summary>
    Task<bool> RecordAsync(NotificationEvent notification, WebhookDelivery delivery, CancellationToken cancellationToken);
}
