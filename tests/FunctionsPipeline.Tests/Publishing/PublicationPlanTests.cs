using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// The plan the preview shows and the publication follows (<see cref="SitePublisher.PlanAsync"/>): first, correction with
/// its changes, unchanged, and after a withdrawal a new publication whatever the data.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicationPlanTests(AzuriteFixture fixture)
{
    private SitePublisher NewSite() => PublishingTestKit.Publisher(fixture.BlobService, AzuriteFixture.UniqueName("plan"));

    [Fact]
    public async Task A_body_that_never_published_plans_version_1()
    {
        var plan = await NewSite().PlanAsync(TestReports.Create());

        Assert.Equal(PublicationPlanKind.First, plan.Kind);
        Assert.Null(plan.Live);
        Assert.Equal(1, plan.NextVersion);
        Assert.Null(plan.Changes);
        Assert.Equal(PublicationKind.Publish, plan.PublicationKind);
    }

    [Fact]
    public async Task The_same_data_is_unchanged_and_other_data_corrects_the_live_version_with_its_changes()
    {
        var site = NewSite();
        var first = await site.PublishAsync(TestReports.Create());

        var same = await site.PlanAsync(TestReports.Create());
        var corrected = await site.PlanAsync(TestReports.Create(overview: "更正后的总体情况。"));

        Assert.Equal((PublicationPlanKind.Unchanged, 1), (same.Kind, same.Live!.Version));
        Assert.Equal(PublicationPlanKind.Correction, corrected.Kind);
        Assert.Equal(first.Version, corrected.Live!.Version);
        Assert.Equal(2, corrected.NextVersion);
        Assert.NotEmpty(corrected.Changes!.ChangedSections);
        Assert.Equal(PublicationKind.Correction, corrected.PublicationKind);
        // The publication follows the plan.
        var published = await site.PublishAsync(TestReports.Create(overview: "更正后的总体情况。"), "v2");
        Assert.Equal((PublishOutcome.Corrected, 2), (published.Outcome, published.Version));
    }

    [Fact]
    public async Task After_a_withdrawal_the_same_data_or_other_data_is_a_new_publication_under_the_next_number()
    {
        var site = NewSite();
        var first = await site.PublishAsync(TestReports.Create());
        await site.WithdrawAsync(new WithdrawalOrder(first.Body, first.Year, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json");

        var same = await site.PlanAsync(TestReports.Create());
        var other = await site.PlanAsync(TestReports.Create(overview: "重新编写的总体情况。"));

        foreach (var plan in new[] { same, other })
        {
            Assert.Equal(PublicationPlanKind.AfterWithdrawal, plan.Kind);
            Assert.Null(plan.Live);
            Assert.Null(plan.Changes);
            Assert.Equal(2, plan.NextVersion);
            Assert.Equal(PublicationKind.Publish, plan.PublicationKind);
        }
        var published = await site.PublishAsync(TestReports.Create(), "v2");
        Assert.Equal((PublishOutcome.Published, 2), (published.Outcome, published.Version));
    }
}
