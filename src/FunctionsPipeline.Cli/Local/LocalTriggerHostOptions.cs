using FunctionsPipeline.Core.Notifications;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>Settings of the local trigger host.</summary>
public sealed record LocalTriggerHostOptions
{
    /// <summary>Receipts, the trigger queue and the scan cursor are keyed by it: a restarted host with the same id resumes, it does not start over.</summary>
    public string HostId { get; init; } = "fp-local";
    public string UploadsContainer { get; init; } = "uploads";
    /// <summary>Watched only when the host is given an approval processor (the review gate).</summary>
    public string ApprovalsContainer { get; init; } = "approvals";

    /// <summary>The withdrawals container the host watches when it is given a withdrawal processor.</summary>
    public string WithdrawalsContainer { get; init; } = "withdrawals";
    public HostJsonSettings Blobs { get; init; } = HostJsonSettings.Load();
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How often uploads the trigger can never hand over (names with <c>.</c>/<c>..</c> segments) are swept for a status (as often as the hybrid scan).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An upload without a status this long after it was written is processed by the sweep (a missed trigger).</summary>
    public TimeSpan ReconcileAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Delivers the webhook events on the notifications queue (the local stand-in for the Functions app's
    /// <c>DeliverNotification</c> queue trigger), polled every <see cref="NotificationPollInterval"/>. Null: not run.
    /// </summary>
    public NotificationDelivery? Notifications { get; init; }

    public TimeSpan NotificationPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The register's reminders (the Functions app's <c>SendReminders</c> timer), run every <see cref="ReminderInterval"/> (each is sent once). Null: not run.</summary>
    public Core.Ledger.Reminders? Reminders { get; init; }

    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The site whose combined open data files are rebuilt every <see cref="OpenDataInterval"/> (the Functions app's
    /// <c>BuildOpenData</c> timer). Null: not run.
    /// </summary>
    public Core.Publishing.SitePublisher? OpenData { get; init; }

    public TimeSpan OpenDataInterval { get; init; } = TimeSpan.FromMinutes(Core.Publishing.OpenDataSchedule.RefreshMinutes);

    /// <summary>For the benchmark's comparison only: keep the plain endpoint, so the extension falls back to its dev-storage scan (which misses blobs).</summary>
    internal bool UseDevelopmentStorageScan { get; init; }
}
