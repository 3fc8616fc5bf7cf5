using Azure;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// Who decided, on a record nobody overwrites: every decision and refusal is a new blob in <c>audit</c> naming the reviewer
/// (verified or not), the upload's SHA-256, every preview file's hash and the live version it replaced.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditTrailTests(AzuriteFixture fixture)
{
    private static readonly ReviewerIdentity SignedIn = new("王审核", "0f3c5a1e-7d9b-4c1a-9e2f-3b4d5c6a7e8f", "wang@county.gov.cn", true, ReviewerIdentity.EntraSource);

    private static byte[] Seed => WorkbookFactory.From(SampleReports.Seed).ToBytes();

    private static byte[] Changed(string overview) => WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Overview, overview).ToBytes();

    [Fact]
    public async Task A_console_approval_records_the_verified_principal_the_upload_hash_and_every_preview_file()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var preview = await review.PreviewAsync("xiji-2024.xlsx");

        var status = await review.Approvals.DecideInConsoleAsync("xiji-2024.xlsx", Approval.Approved, null, preview.Version, SignedIn, CancellationToken.None);

        Assert.Equal(ApprovalOutcome.Published, status.Outcome);
        var record = await review.Audit.ReadAsync(status.AuditId!, CancellationToken.None);
        Assert.Equal(AuditRecord.ApprovedAction, record.Action);
        Assert.Equal(SignedIn, record.Reviewer);
        Assert.Equal(ApprovalProcessor.ConsoleRequest, record.Request);
        Assert.Equal(preview.Version, record.Version);
        Assert.Equal(preview.Files.Select(f => (f.Kind, f.Sha256)), record.PreviewFiles.Select(f => (f.Kind, f.Sha256)));
        Assert.Equal(1, record.SiteVersion);
        Assert.Null(record.LiveVersionBefore);
        Assert.Equal(TimeSpan.FromHours(8), record.At.Offset);
        Assert.Contains("王审核", (await review.Kit.StatusAsync("xiji-2024.xlsx"))!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("未经验证", (await review.Kit.StatusAsync("xiji-2024.xlsx"))!.Message, StringComparison.Ordinal);
        var history = await review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None);
        Assert.Equal(record.Id, Assert.Single(history).Id);
    }

    [Fact]
    public async Task A_blob_approval_is_recorded_as_unverified_whatever_name_it_types()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);

        var status = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, (await review.PreviewAsync("xiji-2024.xlsx")).Version, by: "局长本人");

        var record = await review.Audit.ReadAsync(status.AuditId!, CancellationToken.None);
        Assert.False(record.Reviewer.Verified);
        Assert.Equal(ReviewerIdentity.BlobSource, record.Reviewer.Source);
        Assert.Null(record.Reviewer.ObjectId);
        Assert.Equal("approvals/xiji-2024.xlsx.json", record.Request);
        Assert.Contains("局长本人（身份未经验证）", (await review.Kit.StatusAsync("xiji-2024.xlsx"))!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_is_never_overwritten()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var status = await review.DecideAsync("xiji-2024.xlsx", Approval.Rejected, (await review.PreviewAsync("xiji-2024.xlsx")).Version, reason: "数据有误");
        var original = await review.Audit.ReadAsync(status.AuditId!, CancellationToken.None);

        var forged = original with { Action = AuditRecord.ApprovedAction, Reason = null };
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => review.Audit.CreateAsync(original.Id!, forged, CancellationToken.None));

        Assert.Equal(409, error.Status);
        Assert.Equal(AuditRecord.RejectedAction, (await review.Audit.ReadAsync(original.Id!, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task A_refusal_is_recorded_too()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var preview = await review.PreviewAsync("xiji-2024.xlsx");

        var status = await review.Approvals.DecideInConsoleAsync("xiji-2024.xlsx", Approval.Rejected, "  ", preview.Version, SignedIn, CancellationToken.None);

        Assert.Equal(ReviewCodes.ReasonMissing, status.Code);
        var record = await review.Audit.ReadAsync(status.AuditId!, CancellationToken.None);
        Assert.Equal(AuditRecord.RefusedAction, record.Action);
        Assert.Equal(ReviewCodes.ReasonMissing, record.Code);
        Assert.Equal(SignedIn, record.Reviewer);
    }

    [Fact]
    public async Task An_approval_against_a_live_version_that_moved_since_the_preview_is_refused_as_stale()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("a.xlsx", Seed);
        await review.Kit.DropAndProcessAsync("b.xlsx", Changed("2024年，西集镇人民政府另行编写了总体情况。"));
        var (a, b) = (await review.PreviewAsync("a.xlsx"), await review.PreviewAsync("b.xlsx"));
        Assert.Null(b.LiveVersion);
        await review.Approvals.DecideInConsoleAsync("a.xlsx", Approval.Approved, null, a.Version, SignedIn, CancellationToken.None);
        var site = await review.Kit.SiteSnapshotAsync();

        var stale = await review.Approvals.DecideInConsoleAsync("b.xlsx", Approval.Approved, null, b.Version, SignedIn, CancellationToken.None);

        Assert.Equal(ApprovalOutcome.Refused, stale.Outcome);
        Assert.Equal(ReviewCodes.Stale, stale.Code);
        Assert.Contains("第 1 版", stale.Message, StringComparison.Ordinal);
        Assert.Equal(site, await review.Kit.SiteSnapshotAsync());
        var record = await review.Audit.ReadAsync(stale.AuditId!, CancellationToken.None);
        Assert.Equal((null, 1), (record.LiveVersionBefore, record.LiveVersionNow));
    }

    [Fact]
    public async Task An_approval_of_a_correction_whose_live_version_was_withdrawn_since_is_refused_as_stale()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("a.xlsx", Seed);
        await review.Approvals.DecideInConsoleAsync("a.xlsx", Approval.Approved, null, (await review.PreviewAsync("a.xlsx")).Version, SignedIn, CancellationToken.None);
        await review.Kit.DropAndProcessAsync("b.xlsx", Changed("2024年，西集镇人民政府更正了总体情况。"));
        var correction = await review.PreviewAsync("b.xlsx");
        Assert.Equal(1, correction.LiveVersion);
        var live = Assert.Single((await review.Kit.Publisher.GetManifestAsync()).Publications);
        await review.Kit.Publisher.WithdrawAsync(new WithdrawalOrder(live.Body, live.Year, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json");
        var site = await review.Kit.SiteSnapshotAsync();

        var stale = await review.Approvals.DecideInConsoleAsync("b.xlsx", Approval.Approved, null, correction.Version, SignedIn, CancellationToken.None);

        Assert.Equal(ReviewCodes.Stale, stale.Code);
        Assert.Contains("已撤回", stale.Message, StringComparison.Ordinal);
        Assert.Equal(site, await review.Kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Blob_decisions_are_refused_where_they_are_not_allowed_and_the_refusal_is_recorded()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString, settings: new Dictionary<string, string?> { ["Review:AllowBlobDecisions"] = "false" });
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);

        var status = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, (await review.PreviewAsync("xiji-2024.xlsx")).Version);

        Assert.Equal(ReviewCodes.UnverifiedRefused, status.Code);
        Assert.Empty((await review.Kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
        Assert.Equal(AuditRecord.RefusedAction, (await review.Audit.ReadAsync(status.AuditId!, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task A_registered_clerk_of_the_body_may_not_decide_on_its_report()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString,
            services => services.AddSingleton<IClerkDirectory>(new Clerks("山亭区西集镇人民政府", SignedIn.ObjectId!)));
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);

        var status = await review.Approvals.DecideInConsoleAsync("xiji-2024.xlsx", Approval.Approved, null,
            (await review.PreviewAsync("xiji-2024.xlsx")).Version, SignedIn, CancellationToken.None);

        Assert.Equal(ReviewCodes.SelfApproval, status.Code);
        Assert.Empty((await review.Kit.Publisher.GetManifestAsync()).Publications);
    }

    private sealed class Clerks(string body, string objectId) : IClerkDirectory
    {
        public Task<bool> IsClerkAsync(string reportBody, ReviewerIdentity reviewer, CancellationToken cancellationToken) =>
            Task.FromResult(reportBody == body && reviewer.IsSamePrincipal(objectId));
    }
}
