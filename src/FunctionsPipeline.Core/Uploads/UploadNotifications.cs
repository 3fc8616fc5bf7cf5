using FunctionsPipeline.Core.Notifications;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>The notification of an upload's recorded outcome.</summary>
public static class UploadNotifications
{
    /// <summary>The event for a status just recorded: the one-liner for every place that records an outcome.</summary>
    public static NotificationEvent From(UploadStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return NotificationEvent.Of(KindOf(status.Outcome), status.Upload, status.Body, status.Year, status.Version, status.Message, status.Links,
            status.ProcessedAt);
    }

    /// <summary>The outcome's name in kebab case (<c>AwaitingApproval</c> → <c>awaiting-approval</c>), for any outcome added later.</summary>
    public static string KindOf(UploadOutcome outcome) => NotificationEvent.KebabCase(outcome.ToString());

    /// <summary>The event of a status just recorded (<see cref="From"/>).</summary>
    public static Task NotifyAsync(this INotifier notifier, UploadStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        return notifier.NotifyAsync(From(status), cancellationToken);
    }
}
