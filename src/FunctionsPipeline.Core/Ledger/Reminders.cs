using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Ledger;

/// <summary>
/// The register's reminders, run by a timer (the Functions app's <c>SendReminders</c>, the local host's periodic work):
/// each registered body that has not published gets a reminder (催报) 14, 7 and 1 days before its deadline, and the office
/// the list of bodies that missed a deadline the day after it (逾期未报). Each goes through the webhooks (<see cref="INotifier"/>:
/// the office's 企业微信/钉钉 robot or its own receiver), naming the body's 填报人.
/// <para>
/// Exactly once across restarts and hosts: before sending, a marker blob (<c>registry/reminders/{year}/{kind}/{…}.json</c>)
/// is created with If-None-Match:*; whoever creates it sends, everyone else skips. A reminder's window runs until the next
/// one's day (14: days 14–8 before, 7: days 7–2, 1: the last day; the office's list: the week after), so a host that was
/// down on the day catches up once; a body that publishes meanwhile is not reminded. Bounded work per run: the register,
/// one year document per report year, one marker per reminder due.
/// </para>
/// </summary>
public sealed class Reminders(RegisterStore register, LedgerStore ledger, INotifier notifier, TimeProvider time, ILogger<Reminders> logger)
{
    /// <summary>Days before the deadline, each the start of a reminder's window (which ends where the next starts).</summary>
    public static readonly IReadOnlyList<int> DaysBefore = [14, 7, 1];

    /// <summary>How long after a deadline the office's list is still sent (a host down the morning after catches up).</summary>
    public const int OverdueWindowDays = 7;

    public const string ReminderKind = "reminder", OverdueKind = "overdue";

    /// <summary>Sends what is due today (China date); returns how many notifications this call sent.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (await register.CurrentAsync(cancellationToken) is not { } current) return 0;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime);
        var sent = 0;
        // A deadline falls in the year after its report year: this year's and next year's deadlines can be near.
        foreach (var year in new[] { today.Year - 1, today.Year })
        {
            var (records, _) = await ledger.ReadYearAsync(year, cancellationToken);
            var view = LedgerView.Of(current, register.Deadlines, year, records.Values, now);
            var open = view.Rows.Where(r => r.Registered is not null && r.State != LedgerState.Published).ToList();
            foreach (var row in open)
            {
                var daysLeft = row.Deadline!.Value.DayNumber - today.DayNumber;
                if (Window(daysLeft) is not { } days) continue;
                var marker = $"reminders/{year}/{ReminderKind}/{SiteSlug.ForBody(row.Body)}-{days}.json";
                var body = row.Registered!;
                var clerks = body.Clerks.Count == 0 ? "" : $"（填报人：{string.Join("、", body.Clerks)}）";
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"催报：{body.Name}{clerks}的{year}年度政府信息公开工作年度报告尚未发布，截止日期为{Chinese(row.Deadline.Value)}，还有 {daysLeft} 天。请尽快上传到上传目录“{body.Folder}”。");
                if (await SendOnceAsync(marker, ReminderKind, body.Name, body.Name, year, message, now, cancellationToken)) sent++;
            }
            foreach (var group in open.Where(r => r.DaysLate is > 0 and <= OverdueWindowDays).GroupBy(r => r.Deadline!.Value))
            {
                var deadline = group.Key;
                var names = string.Join("、", group.Select(r => r.Body));
                var marker = $"reminders/{year}/{OverdueKind}/{deadline:yyyy-MM-dd}.json";
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"逾期未报：截至{Chinese(deadline)}（截止日期），以下 {group.Count()} 个机关的{year}年度报告尚未发布：{names}。");
                if (await SendOnceAsync(marker, OverdueKind, "逾期未报", null, year, message, now, cancellationToken)) sent++;
            }
        }
        return sent;
    }

    /// <summary>The reminder whose window <paramref name="daysLeft"/> falls in (14, 7 or 1), or null.</summary>
    internal static int? Window(int daysLeft)
    {
        foreach (var days in DaysBefore.OrderBy(d => d))
        {
            // The window of `days` runs from it down to just above the next smaller reminder: 14 → 14..8, 7 → 7..2, 1 → 1.
            var smaller = DaysBefore.Where(d => d < days).DefaultIfEmpty(0).Max();
            if (daysLeft > smaller && daysLeft <= days) return days;
        }
        return null;
    }

    private async Task<bool> SendOnceAsync(string marker, string kind, string subject, string? body, int year, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await register.Container.GetBlobClient(marker).UploadAsync(BinaryData.FromObjectAsJson(new { kind, body, year, message, sentAt = now }),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false; // sent before, by this host or another
        }
        logger.LogInformation("Reminder {Marker}: {Message}", marker, message);
        // The subject is in the message, so the one-line summary adds no file name.
        await notifier.NotifyAsync(NotificationEvent.Of(kind, subject, body, year, null, message, [], now), cancellationToken);
        return true;
    }

    private static string Chinese(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日");
}
