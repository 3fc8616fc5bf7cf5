using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>
/// A withdrawal that runs while a new version of the same body and year is being published (a clerk re-uploads as a
/// reviewer withdraws): at each point of the publication the withdrawal may come, the publication completes, the site
/// ends consistent and nothing is lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalRaceTests(AzuriteFixture fixture)
{
    /// <summary>Runs <see cref="Action"/> once, the first time the publisher reaches <paramref name="step"/> after being armed.</summary>
    private sealed class RunOnceAt(string step) : IPublishFaults
    {
        private int _ran;
        public Func<Task>? Action { get; set; }

        public async Task BeforeStepAsync(string name, CancellationToken cancellationToken)
        {
            if (name == step && Action is { } action && Interlocked.Exchange(ref _ran, 1) == 0) await action();
        }
    }

    [Theory]
    [InlineData(PublishSteps.ReportData)] // after the publication read the manifest, before it claims v2
    [InlineData(PublishSteps.Pdf)]        // after the claim
    [InlineData(PublishSteps.Manifest)]   // the files are written, not yet listed
    [InlineData(PublishSteps.BodyPage)]   // listed in the manifest, listings not yet refreshed
    public async Task A_withdrawal_during_a_new_versions_publication_leaves_a_consistent_site(string step)
    {
        var name = AzuriteFixture.UniqueName("race");
        var hook = new RunOnceAt(step);
        var clock = new FixedClock(PublishingTestKit.At);
        var site = PublishingTestKit.Publisher(fixture.BlobService, name, clock, hook);
        var archive = fixture.BlobService.GetBlobContainerClient(name[..Math.Min(name.Length, 50)] + "-arch");
        await archive.CreateIfNotExistsAsync();
        var first = await site.PublishAsync(TestReports.Create(), "v1");

        var withdrawal = new SiteWithdrawal(site, archive, clock, NullLogger.Instance);
        SiteWithdrawalResult? withdrawn = null;
        hook.Action = async () => withdrawn = await withdrawal.WithdrawAsync(
            new WithdrawalOrder(first.Body, first.Year, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json", CancellationToken.None);
        var second = await site.PublishAsync(TestReports.Create(overview: "重新上传的报告。"), "v2");

        Assert.NotNull(withdrawn);
        Assert.Equal(SiteWithdrawalOutcome.Withdrawn, withdrawn!.Outcome);
        Assert.Equal(2, second.Version);
        var manifest = await site.GetBodyManifestAsync(first.Body);
        Assert.True(manifest.Publications.Single(p => p.Version == 1).IsWithdrawn);
        var v2 = manifest.Publications.Single(p => p.Version == 2);
        // Withdrawn before v2 compared itself with v1: v2 is a new publication, not a correction of a report that left the
        // site. (Withdrawn after that comparison, v2 stays the correction it was rendered as; its notice says so.)
        if (step == PublishSteps.ReportData) Assert.Equal((PublishOutcome.Published, PublicationKind.Publish), (second.Outcome, v2.Kind));
        Assert.False(v2.IsWithdrawn && step != PublishSteps.BodyPage, "the withdrawal cannot have seen v2 listed");
        Assert.Empty(await SiteIntegrity.ProblemsAsync(site.Container, archive));
    }
}
