using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// One preview per body and year waits for a reviewer: a later upload under another name supersedes the pending one;
/// an older upload processed late supersedes nothing; other bodies and years are left alone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReviewQueueTests(AzuriteFixture fixture)
{
    private static byte[] Seed => WorkbookFactory.From(SampleReports.Seed).ToBytes();

    private static byte[] Fixed => WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Overview, "2024年，西集镇人民政府修正了总体情况中的一处笔误。").ToBytes();

    [Fact]
    public async Task A_later_upload_under_another_name_supersedes_the_pending_preview_and_shows_what_the_clerk_fixed()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("报告.xlsx", Seed);

        var newer = await review.Kit.DropAndProcessAsync("报告-修改版.xlsx", Fixed);

        Assert.Equal(UploadOutcome.AwaitingApproval, newer.Outcome);
        var older = (await review.Kit.StatusAsync("报告.xlsx"))!;
        Assert.Equal(UploadOutcome.Superseded, older.Outcome);
        Assert.Equal(ReviewCodes.UploadSuperseded, older.Code);
        Assert.Contains("报告-修改版.xlsx", older.Message, StringComparison.Ordinal);
        Assert.Equal("报告-修改版.xlsx", (await review.PreviewAsync("报告.xlsx")).SupersededBy);
        var current = await review.PreviewAsync("报告-修改版.xlsx");
        Assert.Equal("报告.xlsx", current.Supersedes);
        var fixedPage = System.Text.Encoding.UTF8.GetString(await review.PreviewBytesAsync(current, "changes-superseded"));
        Assert.Contains("修改内容", fixedPage, StringComparison.Ordinal);
        Assert.Contains("总体情况", fixedPage, StringComparison.Ordinal);
        Assert.Contains("报告.xlsx", fixedPage, StringComparison.Ordinal);
        Assert.Empty((await review.Kit.Publisher.GetManifestAsync()).Publications);
    }

    [Fact]
    public async Task Approving_the_superseded_preview_is_refused_and_approving_the_current_one_publishes_once_without_a_correction()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("报告.xlsx", Seed);
        await review.Kit.DropAndProcessAsync("报告-修改版.xlsx", Fixed);
        var site = await review.Kit.SiteSnapshotAsync();

        var refused = await review.DecideAsync("报告.xlsx", Approval.Approved, (await review.PreviewAsync("报告.xlsx")).Version);

        Assert.Equal((ApprovalOutcome.Refused, ReviewCodes.Superseded), (refused.Outcome, refused.Code));
        Assert.Contains("报告-修改版.xlsx", refused.Message, StringComparison.Ordinal);
        Assert.Equal(site, await review.Kit.SiteSnapshotAsync());

        var approved = await review.DecideAsync("报告-修改版.xlsx", Approval.Approved, (await review.PreviewAsync("报告-修改版.xlsx")).Version);

        Assert.Equal(ApprovalOutcome.Published, approved.Outcome);
        var published = Assert.Single((await review.Kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(PublicationKind.Publish, published.Kind);
        Assert.Equal(UploadOutcome.Superseded, (await review.Kit.StatusAsync("报告.xlsx"))!.Outcome);
    }

    [Fact]
    public async Task An_older_upload_processed_late_supersedes_nothing()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var uploads = review.Kit.Uploads;
        await uploads.GetBlobClient("报告.xlsx").UploadAsync(BinaryData.FromBytes(Seed));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // last-modified times have whole seconds
        await uploads.GetBlobClient("报告-修改版.xlsx").UploadAsync(BinaryData.FromBytes(Fixed));

        await review.Kit.Pipeline.ProcessAsync("报告-修改版.xlsx", uploads.GetBlobClient("报告-修改版.xlsx"), CancellationToken.None);
        var late = await review.Kit.Pipeline.ProcessAsync("报告.xlsx", uploads.GetBlobClient("报告.xlsx"), CancellationToken.None);

        Assert.Equal(UploadOutcome.Superseded, late.Outcome);
        Assert.Contains("报告-修改版.xlsx", late.Message, StringComparison.Ordinal);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.StatusAsync("报告-修改版.xlsx"))!.Outcome);
        Assert.True((await review.PreviewAsync("报告-修改版.xlsx")).IsPending);
        Assert.Equal("报告-修改版.xlsx", (await review.PreviewAsync("报告.xlsx")).SupersededBy);
    }

    [Fact]
    public async Task Another_body_or_year_is_not_superseded()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("西集镇.xlsx", Seed);

        await review.Kit.DropAndProcessAsync("区政府.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes());
        await review.Kit.DropAndProcessAsync("西集镇-2023.xlsx", WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, "2023").ToBytes());

        foreach (var name in new[] { "西集镇.xlsx", "区政府.xlsx" })
        {
            Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.StatusAsync(name))!.Outcome);
            Assert.True((await review.PreviewAsync(name)).IsPending);
        }
        var other = (await review.Kit.StatusAsync("西集镇-2023.xlsx"))!;
        Assert.NotEqual(UploadOutcome.Superseded, other.Outcome);
    }
}
