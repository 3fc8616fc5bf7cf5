using Azure;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Withdrawal.WithdrawalKit;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>A crash before any one step of a withdrawal, then the trigger's retry: the site ends withdrawn, whole, nothing lost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalCrashTests(AzuriteFixture fixture)
{
    public static TheoryData<string> Steps()
    {
        var data = new TheoryData<string>();
        foreach (var step in WithdrawalSteps.InOrder) data.Add(step);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_before_a_withdrawal_step_and_a_retry_end_in_a_consistent_withdrawn_site(string step)
    {
        await using var kit = Create(fixture.ConnectionString, crashAt: step);
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At, "v1");
        await kit.PublishAsync(TestReports.Create(overview: "2024年，西集镇人民政府更正后的总体情况。"), PublishingTestKit.At.AddDays(1), "v2");
        var before = await kit.Web.HashesAsync();
        var files = (await kit.Publisher.GetBodyManifestAsync(TestReports.SeedBody)).Publications.SelectMany(e => new[] { e.Pdf, e.Ofd!, e.Html, e.Report }).ToList();
        kit.Faults.Armed = true;
        kit.Clock.Now = PublishingTestKit.At.AddDays(3);
        var blob = await kit.WriteAsync("w.json", Json(TestReports.SeedBody, 2024));

        // The storage error propagates (the trigger retries); no outcome is recorded yet.
        await Assert.ThrowsAsync<RequestFailedException>(() => kit.Processor.ProcessAsync("w.json", blob, CancellationToken.None));
        Assert.Equal(1, kit.Faults.Crashes);
        Assert.Null(await kit.Processor.GetStatusAsync("w.json"));
        // Nothing is lost at any moment: each file is on the site or verified in the archive.
        var archivedMidway = await kit.Archive.HashesAsync();
        var webMidway = await kit.Web.HashesAsync();
        Assert.All(files, f => Assert.True(webMidway.ContainsKey(f) || archivedMidway.GetValueOrDefault(f) == before[f], $"{f} is lost"));

        kit.Clock.Now = PublishingTestKit.At.AddDays(3).AddMinutes(5);
        var status = await kit.Processor.ProcessAsync("w.json", blob, CancellationToken.None);

        Assert.Equal(WithdrawalOutcome.Withdrawn, status.Outcome);
        Assert.Equal([1, 2], status.Versions);
        // The time of the first attempt that claimed the withdrawal, however late the retry.
        var claimedAt = step == WithdrawalSteps.Claim ? PublishingTestKit.At.AddDays(3).AddMinutes(5) : PublishingTestKit.At.AddDays(3);
        Assert.Equal(claimedAt, status.WithdrawnAt);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
        var archive = await kit.Archive.HashesAsync();
        Assert.All(files, f => Assert.Equal(before[f], archive[f]));
        var feed = await kit.Web.TextAsync(AtomFeed.FileName);
        Assert.Equal(1, PublishingTestKit.Count(feed, "<title>关于撤回《"));
    }
}
