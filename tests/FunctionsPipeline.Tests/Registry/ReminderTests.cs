using System.Collections.Concurrent;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>Reminders 14, 7 and 1 days before each deadline and the office's list the day after, each once, under a fake clock and two hosts.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderTests(AzuriteFixture fixture)
{
    private sealed class CapturingNotifier : INotifier
    {
        public ConcurrentQueue<(DateOnly Day, NotificationEvent Event)> Sent { get; } = new();
        public FixedClock? Clock { get; set; }

        public Task NotifyAsync(NotificationEvent notification, CancellationToken cancellationToken)
        {
            Sent.Enqueue((DateOnly.FromDateTime(Core.Common.ChinaTime.ToChina(Clock!.Now).DateTime), notification));
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(15, null)]
    [InlineData(14, 14)]
    [InlineData(8, 14)]
    [InlineData(7, 7)]
    [InlineData(2, 7)]
    [InlineData(1, 1)]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    public void Each_reminder_has_a_window_up_to_the_next(int daysLeft, int? reminder) => Assert.Equal(reminder, Reminders.Window(daysLeft));

    [Fact]
    public async Task Run_every_morning_by_two_hosts_each_reminder_and_each_overdue_list_is_sent_once_on_its_day()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var shared = new Dictionary<string, string?>
        {
            ["Pipeline:UploadsContainer"] = $"uploads-{id}", ["Pipeline:ResultsContainer"] = $"results-{id}",
            ["Publishing:ContainerName"] = $"web-{id}", ["Pipeline:ArchiveContainer"] = $"archive-{id}", ["Registry:Container"] = $"registry-{id}",
        };
        // 08:00 in Beijing on 25 December 2024.
        var clock = new FixedClock(new DateTimeOffset(2024, 12, 25, 0, 0, 0, TimeSpan.Zero));
        var notifier = new CapturingNotifier { Clock = clock };
        void Configure(IServiceCollection services) => services.AddSingleton<TimeProvider>(clock).AddSingleton<INotifier>(notifier);
        await using var host1 = PipelineTestKit.Create(fixture.ConnectionString, shared, Configure);
        await using var host2 = PipelineTestKit.Create(fixture.ConnectionString, shared, Configure);
        Assert.True((await host1.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        var reminders = new[] { host1.Services.GetRequiredService<Reminders>(), host2.Services.GetRequiredService<Reminders>() };

        while (clock.Now < new DateTimeOffset(2025, 4, 10, 0, 0, 0, TimeSpan.Zero))
        {
            if (clock.Now == new DateTimeOffset(2025, 1, 26, 0, 0, 0, TimeSpan.Zero))
            {
                // The county office publishes on 26 January: no reminder after that, and not on the list.
                await host1.Services.GetRequiredService<LedgerStore>().RecordAsync(
                    new LedgerEvent("云岭县人民政府办公室", 2024, LedgerEventKind.Published, clock.Now, "county-office/2024.xlsx", 1, "https://site/v1.html"), CancellationToken.None);
            }
            await Task.WhenAll(reminders.Select(r => r.RunAsync(CancellationToken.None)));
            clock.Now = clock.Now.AddDays(1);
        }

        var sent = notifier.Sent.Select(s => (s.Day, s.Event.Kind, s.Event.Body)).OrderBy(s => s.Day).ToList();
        Assert.Equal(
        [
            (new DateOnly(2025, 1, 1), Reminders.ReminderKind, "云岭县青山镇人民政府"),   // 14 days before its own 1月15日
            (new DateOnly(2025, 1, 8), Reminders.ReminderKind, "云岭县青山镇人民政府"),
            (new DateOnly(2025, 1, 14), Reminders.ReminderKind, "云岭县青山镇人民政府"),
            (new DateOnly(2025, 1, 16), Reminders.OverdueKind, null),
            (new DateOnly(2025, 1, 17), Reminders.ReminderKind, "云岭县人民政府办公室"),   // 1月31日
            (new DateOnly(2025, 1, 24), Reminders.ReminderKind, "云岭县人民政府办公室"),
            (new DateOnly(2025, 3, 17), Reminders.ReminderKind, "云岭县人民政府"),         // the 本级政府: 3月31日
            (new DateOnly(2025, 3, 24), Reminders.ReminderKind, "云岭县人民政府"),
            (new DateOnly(2025, 3, 30), Reminders.ReminderKind, "云岭县人民政府"),
            (new DateOnly(2025, 4, 1), Reminders.OverdueKind, null),
        ], sent);
        var events = notifier.Sent.Select(s => s.Event).ToList();
        Assert.Contains("还有 14 天", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("填报人：clerk@yunling.gov.cn", events.First(e => e.Body == "云岭县人民政府办公室").Message, StringComparison.Ordinal);
        var firstList = events.First(e => e.Kind == Reminders.OverdueKind);
        Assert.Contains("云岭县青山镇人民政府", firstList.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("办公室", firstList.Message, StringComparison.Ordinal);
        Assert.StartsWith("【政务公开年报·逾期未报】", firstList.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_register_nothing_is_sent()
    {
        var notifier = new CapturingNotifier { Clock = new FixedClock(new DateTimeOffset(2025, 1, 17, 0, 0, 0, TimeSpan.Zero)) };
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, configure: s => s.AddSingleton<TimeProvider>(notifier.Clock).AddSingleton<INotifier>(notifier));

        Assert.Equal(0, await kit.Services.GetRequiredService<Reminders>().RunAsync(CancellationToken.None));
        Assert.Empty(notifier.Sent);
    }
}
