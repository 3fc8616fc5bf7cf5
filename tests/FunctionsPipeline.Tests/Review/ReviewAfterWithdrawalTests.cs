using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// Under review, a report withdrawn (撤回) and uploaded again is previewed as a new publication: the preview and the
/// publication follow the same plan, which does not count withdrawn versions as live.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReviewAfterWithdrawalTests(AzuriteFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_withdrawn_report_uploaded_again_is_previewed_and_published_as_a_new_publication(bool changed)
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        var seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();
        await kit.DropAndProcessAsync("xiji-2024.xlsx", seed);
        await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, (await review.PreviewAsync("xiji-2024.xlsx")).Version);
        var first = Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        await kit.Publisher.WithdrawAsync(new WithdrawalOrder(first.Body, first.Year, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json");
        var again = changed
            ? WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Overview, "2024年，西集镇人民政府重新编写了本报告的总体情况。").ToBytes()
            : seed;

        var status = await kit.DropAndProcessAsync("xiji-2024-重新上传.xlsx", again);

        Assert.Equal(UploadOutcome.AwaitingApproval, status.Outcome);
        Assert.Contains("首次发布", status.Message, StringComparison.Ordinal);
        var preview = await review.PreviewAsync("xiji-2024-重新上传.xlsx");
        Assert.Equal(PublicationKind.Publish, preview.Kind);
        Assert.Null(preview.LiveVersion);
        Assert.Null(preview.File("changes"));

        var approved = await review.DecideAsync("xiji-2024-重新上传.xlsx", Approval.Approved, preview.Version);

        Assert.Equal(2, approved.SiteVersion);
        var second = (await kit.Publisher.GetBodyManifestAsync(first.Body)).Publications.Single(p => p.Version == 2);
        Assert.Equal(PublicationKind.Publish, second.Kind);
        Assert.False(second.IsWithdrawn);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("xiji-2024-重新上传.xlsx"))!.Outcome);
    }
}
