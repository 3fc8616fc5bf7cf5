using System.Net;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.ReviewConsole;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// Withdrawal (撤回) under the review's trust rules: from the console as the signed-in reviewer (clicked in Chromium), a
/// stale page refused, request blobs refused where a verified sign-in is required, every outcome in the write-once audit,
/// and one record per request blob version however often it is delivered (withdrawals and approvals alike).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleWithdrawalTests(AzuriteFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Upload = "xiji-2024.xlsx";

    /// <summary>A review pipeline with the seed report approved and published (version 1).</summary>
    private async Task<(ReviewKit Review, PreviewRecord Published)> PublishedAsync(IDictionary<string, string?>? settings = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var all = new Dictionary<string, string?> { ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{id}" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var review = await ReviewKit.CreateAsync(fixture.ConnectionString, settings: all);
        await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.Seed).ToBytes());
        var preview = await review.PreviewAsync(Upload);
        await review.Approvals.DecideInConsoleAsync(Upload, Approval.Approved, null, preview.Version,
            new ReviewerIdentity("王审核", "oid-1", "wang@county.gov.cn", true, ReviewerIdentity.EntraSource), CancellationToken.None);
        return (review, preview);
    }

    private static WithdrawalProcessor Withdrawals(ReviewKit review) => review.Kit.Services.GetRequiredService<WithdrawalProcessor>();

    [Fact]
    public async Task A_reviewer_withdraws_from_the_history_page_and_the_notice_and_record_name_the_signed_in_reviewer()
    {
        var (review, preview) = await PublishedAsync();
        await using var _ = review;
        await using var server = await LocalConsoleServer.StartAsync(review.Kit.Services.GetRequiredService<ReviewConsoleApp>(), 0, CancellationToken.None);
        // The history page with the live version and its withdrawal form reads well and passes the page checks (1280 and 390 px).
        var problems = await PageChecks.CheckAsync([("console-history-live", new Uri(server.Url, ConsolePages.HistoryHref(preview.Body, preview.Year)))],
            Directory.CreateTempSubdirectory("fp-console-withdraw-").FullName, output.WriteLine);
        Assert.Empty(problems);
        await using var tab = await ChromiumPage.OpenAsync();

        // Found from the queue page's lookup form, as a reviewer would.
        await tab.NavigateAsync(server.Url);
        await tab.TypeAsync("#lookup-body", preview.Body);
        await tab.TypeAsync("#lookup-year", "2024");
        await tab.ClickAsync(".lookup button");
        await tab.WaitForAsync("document.querySelector('#withdraw') !== null");
        Assert.Contains("第 1 版", (await tab.EvaluateAsync("document.body.innerText"))!.GetValue<string>(), StringComparison.Ordinal);
        await tab.TypeAsync("#reason-withdraw", "表二数据填报有误，更正后重新发布");
        await tab.ClickAsync("#withdraw");
        await tab.WaitForAsync("document.title.startsWith('撤回已执行')");

        var entry = Assert.Single((await review.Kit.Publisher.GetBodyManifestAsync(preview.Body)).Publications);
        Assert.NotNull(entry.Withdrawn);
        Assert.Equal("本地审核人（身份未经验证）", entry.Withdrawn!.By);
        Assert.Equal("表二数据填报有误，更正后重新发布", entry.Withdrawn.Reason);
        var history = await review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None);
        Assert.Equal([AuditRecord.ApprovedAction, AuditRecord.WithdrawnAction], history.Select(r => r.Action));
        var withdrawn = history[1];
        Assert.Equal((WithdrawalProcessor.ConsoleRequest, ReviewerIdentity.DevelopmentSource, 1), (withdrawn.Request, withdrawn.Reviewer.Source, withdrawn.SiteVersion));
        // The history page now says nothing is live, and offers no withdrawal.
        await tab.NavigateAsync(new Uri(server.Url, ConsolePages.HistoryHref(preview.Body, preview.Year)));
        var page = (await tab.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.Contains("没有本机关本年度现行有效的报告", page, StringComparison.Ordinal);
        Assert.Contains("撤回", page, StringComparison.Ordinal);
        Assert.False((await tab.EvaluateAsync("document.querySelector('#withdraw') !== null"))!.GetValue<bool>());
    }

    [Fact]
    public async Task A_withdrawal_from_a_page_showing_an_older_version_or_without_a_reason_is_refused_and_withdraws_nothing()
    {
        var (review, preview) = await PublishedAsync();
        await using var _ = review;
        var reviewer = new ReviewerIdentity("王审核", "oid-1", "wang@county.gov.cn", true, ReviewerIdentity.EntraSource);

        var stale = await Withdrawals(review).WithdrawInConsoleAsync(preview.Body, preview.Year, "数据有误", seenVersion: 2, reviewer, CancellationToken.None);
        var blank = await Withdrawals(review).WithdrawInConsoleAsync(preview.Body, preview.Year, "  ", seenVersion: 1, reviewer, CancellationToken.None);

        Assert.Equal((WithdrawalOutcome.Rejected, WithdrawalCodes.Stale), (stale.Outcome, stale.Code));
        Assert.Contains("第 2 版", stale.Message, StringComparison.Ordinal);
        Assert.Equal((WithdrawalOutcome.Rejected, WithdrawalCodes.FieldMissing), (blank.Outcome, blank.Code));
        Assert.Null(Assert.Single((await review.Kit.Publisher.GetBodyManifestAsync(preview.Body)).Publications).Withdrawn);
        var history = await review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None);
        Assert.Equal([AuditRecord.ApprovedAction, AuditRecord.RefusedAction, AuditRecord.RefusedAction], history.Select(r => r.Action));
        Assert.Equal([WithdrawalCodes.FieldMissing, WithdrawalCodes.Stale], history.Skip(1).Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.All(history.Skip(1), r => Assert.True(r.Reviewer.Verified));
    }

    [Fact]
    public async Task A_cross_site_withdrawal_post_is_refused_and_withdraws_nothing()
    {
        var (review, preview) = await PublishedAsync();
        await using var _ = review;
        await using var server = await LocalConsoleServer.StartAsync(review.Kit.Services.GetRequiredService<ReviewConsoleApp>(), 0, CancellationToken.None);
        using var http = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Url, "withdraw"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["body"] = preview.Body, ["year"] = "2024", ["version"] = "1", ["reason"] = "恶意撤回",
            }),
        };
        post.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(ReviewCodes.CrossSite, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single((await review.Kit.Publisher.GetBodyManifestAsync(preview.Body)).Publications).Withdrawn);
    }

    [Fact]
    public async Task A_withdrawal_blob_is_refused_where_decisions_need_a_verified_sign_in_and_the_refusal_is_audited()
    {
        var (review, preview) = await PublishedAsync(new Dictionary<string, string?> { ["Review:AllowBlobDecisions"] = "false" });
        await using var _ = review;

        var status = await WithdrawBlobAsync(review, "撤回.json", preview.Body);

        Assert.Equal((WithdrawalOutcome.Rejected, WithdrawalCodes.UnverifiedRefused), (status.Outcome, status.Code));
        Assert.Null(Assert.Single((await review.Kit.Publisher.GetBodyManifestAsync(preview.Body)).Publications).Withdrawn);
        var refusal = (await review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None)).Last();
        Assert.Equal((AuditRecord.RefusedAction, WithdrawalCodes.UnverifiedRefused, "办公室 张三（身份未经验证）"),
            (refusal.Action, refusal.Code, refusal.Reviewer.Label));
        Assert.Equal(status.AuditId, refusal.Id);
    }

    [Fact]
    public async Task A_redelivered_withdrawal_or_approval_blob_keeps_one_audit_record_of_its_outcome()
    {
        var review = await ReviewKit.CreateAsync(fixture.ConnectionString,
            settings: new Dictionary<string, string?> { ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{Guid.NewGuid().ToString("N")[..10]}" });
        await using var _ = review;
        await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.Seed).ToBytes());
        var preview = await review.PreviewAsync(Upload);

        // A crash after the audit record but before the request's status record: the trigger delivers the blob again.
        var approved = await review.DecideAsync(Upload, Approval.Approved, preview.Version);
        await review.Kit.Results.DeleteBlobAsync(ApprovalProcessor.RecordName(Upload + ".json"));
        var approvedAgain = await review.Approvals.ProcessAsync(Upload + ".json", review.Containers.Approvals.GetBlobClient(Upload + ".json"), CancellationToken.None);
        var withdrawn = await WithdrawBlobAsync(review, "撤回.json", preview.Body);
        await review.Kit.Results.DeleteBlobAsync(WithdrawalProcessor.StatusPath("撤回.json"));
        var withdrawnAgain = await Withdrawals(review).ProcessAsync("撤回.json", review.Containers.Withdrawals.GetBlobClient("撤回.json"), CancellationToken.None);

        Assert.Equal((ApprovalOutcome.Published, ApprovalOutcome.Published), (approved.Outcome, approvedAgain.Outcome));
        Assert.Equal(WithdrawalOutcome.Withdrawn, withdrawn.Outcome);
        Assert.Equal(WithdrawalOutcome.Withdrawn, withdrawnAgain.Outcome);
        var history = await review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None);
        Assert.Equal([AuditRecord.ApprovedAction, AuditRecord.WithdrawnAction], history.Select(r => r.Action));
        Assert.Equal((approved.AuditId, withdrawn.AuditId), (approvedAgain.AuditId, withdrawnAgain.AuditId));
    }

    [Fact]
    public async Task Oversized_approval_and_withdrawal_blobs_refused_unread_get_their_audit_records()
    {
        var review = await ReviewKit.CreateAsync(fixture.ConnectionString,
            settings: new Dictionary<string, string?> { ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{Guid.NewGuid().ToString("N")[..10]}" });
        await using var _ = review;
        var padding = new string(' ', WithdrawalRequest.MaxBytes + ApprovalProcessor.MaxApprovalBytes);

        var approval = await review.ApproveRawAsync("big.xlsx.json", "{" + padding + "}");
        await review.Containers.Withdrawals.CreateIfNotExistsAsync(PublicAccessType.None);
        var blob = review.Containers.Withdrawals.GetBlobClient("big.json");
        await blob.UploadAsync(BinaryData.FromString("{" + padding + "}"), overwrite: true);
        var withdrawal = await Withdrawals(review).ProcessAsync("big.json", blob, CancellationToken.None);

        Assert.Equal((ApprovalOutcome.Refused, WithdrawalOutcome.Rejected), (approval.Outcome, withdrawal.Outcome));
        Assert.Equal(WithdrawalCodes.TooLarge, withdrawal.Code);
        var records = new List<AuditRecord>();
        await foreach (var item in review.Containers.Audit.GetBlobsAsync(BlobTraits.None, BlobStates.None, AuditTrail.UnattributedFolder + "/", CancellationToken.None))
        {
            records.Add(await review.Audit.ReadAsync(item.Name, CancellationToken.None));
        }
        Assert.Equal(["approvals/big.xlsx.json", "big.json"], records.Select(r => r.Request).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal(AuditRecord.RefusedAction, r.Action));
        Assert.Equal((approval.AuditId, withdrawal.AuditId), (records.Single(r => r.Request.StartsWith("approvals/", StringComparison.Ordinal)).Id,
            records.Single(r => r.Request == "big.json").Id));
    }

    private static async Task<WithdrawalStatus> WithdrawBlobAsync(ReviewKit review, string name, string body)
    {
        var blob = review.Containers.Withdrawals.GetBlobClient(name);
        await review.Containers.Withdrawals.CreateIfNotExistsAsync(PublicAccessType.None);
        await blob.UploadAsync(new BinaryData(new WithdrawalRequest(body, 2024, "数据有误", "办公室 张三").ToJson()), overwrite: true);
        return await Withdrawals(review).ProcessAsync(name, blob, CancellationToken.None);
    }
}
