using FunctionsPipeline.Core.Rendering.Html;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Review;

/// <summary>The review gate (审核) on Azurite: preview → approve/reject, and every bad approval refused with its code.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReviewGateTests(AzuriteFixture fixture)
{
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task A_valid_upload_waits_in_previews_and_the_approval_publishes_exactly_the_previewed_bytes()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;

        var status = await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);

        Assert.Equal(UploadOutcome.AwaitingApproval, status.Outcome);
        Assert.Contains("\"outcome\": \"awaiting-approval\"", (await kit.Results.TextAsync(ResultNames.Status("xiji-2024.xlsx"))), StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
        var preview = await review.PreviewAsync("xiji-2024.xlsx");
        Assert.Equal(PublicationKind.Publish, preview.Kind);
        Assert.Equal(status.ETag, preview.UploadETag);
        Assert.Equal(ReviewKit.Hash(Seed), preview.Version);
        Assert.Equal(["preview", "preview-notice", "preview-warnings", "preview-pdf", "preview-ofd", "preview-html", "preview-record"],
            status.Links.Where(l => !ResultRecords.IsWarnings(l)).Select(l => l.Kind));
        var notice = Encoding.UTF8.GetString(await review.PreviewBytesAsync(preview, "notice"));
        Assert.Contains("草稿 · 待审核", notice, StringComparison.Ordinal);
        Assert.Contains(preview.File("pdf")!.Sha256, notice, StringComparison.Ordinal);
        foreach (var file in preview.Files) Assert.Equal(file.Sha256, ReviewKit.Hash(await review.PreviewBytesAsync(preview, file.Kind)));

        var approved = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, status.ETag!);   // the ETag names the version too

        Assert.Equal(ApprovalOutcome.Published, approved.Outcome);
        Assert.Null(approved.Code);
        var after = (await kit.StatusAsync("xiji-2024.xlsx"))!;
        Assert.Equal(UploadOutcome.Published, after.Outcome);
        Assert.Equal(1, after.Version);
        var entry = Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(ReviewKit.Hash(await review.PreviewBytesAsync(preview, "pdf")), ReviewKit.Hash(await review.SiteBytesAsync(entry.Pdf)));
        Assert.Equal(ReviewKit.Hash(await review.PreviewBytesAsync(preview, "ofd")), ReviewKit.Hash(await review.SiteBytesAsync(entry.Ofd!)));
        // The report page is the previewed page with the catalogue box (索引号, 发布日期), known only at publication (the seed
        // has no 统一社会信用代码), in place of the draft mark: both rendered from the previewed report.json.
        var catalogue = CatalogueMetadata.For(entry, creditCode: null);
        var previewedPage = Encoding.UTF8.GetString(await review.PreviewBytesAsync(preview, "html"));
        var document = DocumentBuilder.Build(ReportJson.Deserialize(await review.PreviewBytesAsync(preview, "report-json")));
        var files = new ReportFiles(entry.PdfSha256, entry.PdfBytes, entry.OfdSha256, entry.OfdBytes);
        Assert.Equal(HtmlReportRenderer.Render(document, NoticePage.RootHref, files, draft: true), previewedPage);
        Assert.Equal(HtmlReportRenderer.Render(document, NoticePage.RootHref, files, new PublicationHeader(catalogue.RenderHead(), catalogue.RenderBox())),
            Encoding.UTF8.GetString(await review.SiteBytesAsync(entry.Html)));
        Assert.Equal(preview.File("pdf")!.Sha256, entry.PdfSha256);
        Assert.Contains(entry.PdfSha256, await kit.Web.TextAsync(entry.Notice), StringComparison.Ordinal);
        Assert.Equal(approved.Message, (await review.Approvals.GetStatusAsync("xiji-2024.xlsx.json"))!.Message);
        Assert.Equal("approved", (await review.PreviewAsync("xiji-2024.xlsx")).Decision!.Decision);
    }

    [Fact]
    public async Task A_rejection_with_a_reason_rejects_the_upload_and_publishes_nothing_and_one_without_a_reason_is_refused()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var preview = await review.PreviewAsync("xiji-2024.xlsx");

        var noReason = await review.DecideAsync("xiji-2024.xlsx", Approval.Rejected, preview.Version, reason: "  ");

        Assert.Equal(ApprovalOutcome.Refused, noReason.Outcome);
        Assert.Equal(ReviewCodes.ReasonMissing, noReason.Code);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);

        var rejected = await review.DecideAsync("xiji-2024.xlsx", Approval.Rejected, preview.Version, reason: "第三部分数据与台账不符");

        Assert.Equal(ApprovalOutcome.Rejected, rejected.Outcome);
        var status = (await kit.StatusAsync("xiji-2024.xlsx"))!;
        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Equal(ReviewCodes.Rejected, status.Code);
        Assert.Contains("第三部分数据与台账不符", status.Message, StringComparison.Ordinal);
        Assert.Contains("李审核", status.Message, StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
        Assert.True(await kit.Uploads.GetBlobClient("xiji-2024.xlsx").ExistsAsync());

        // Approving after the rejection changes nothing: the version was decided.
        var late = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, preview.Version);
        Assert.Equal(ReviewCodes.AlreadyDecided, late.Code);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task An_approval_of_an_older_version_is_refused_as_stale_and_nothing_is_published()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var first = await review.PreviewAsync("xiji-2024.xlsx");
        var edited = WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Phone, "0632-8888888").ToBytes();
        await kit.DropAndProcessAsync("xiji-2024.xlsx", edited);

        var stale = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, first.Version);

        Assert.Equal(ApprovalOutcome.Refused, stale.Outcome);
        Assert.Equal(ReviewCodes.Stale, stale.Code);
        Assert.Contains("重新上传", stale.Message, StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
        Assert.Equal(UploadOutcome.AwaitingApproval, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);

        // Re-uploaded but not processed yet: the preview's version still matches, the upload blob does not.
        var current = await review.PreviewAsync("xiji-2024.xlsx");
        await kit.Uploads.GetBlobClient("xiji-2024.xlsx").UploadAsync(new BinaryData(Seed), overwrite: true);
        var racing = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, current.Version);

        Assert.Equal(ReviewCodes.Stale, racing.Code);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task An_approval_for_what_is_already_published_changes_nothing_and_a_redelivery_is_processed_once()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var preview = await review.PreviewAsync("xiji-2024.xlsx");
        var approved = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, preview.Version);
        Assert.Equal(ApprovalOutcome.Published, approved.Outcome);
        var site = await kit.SiteSnapshotAsync();
        var blob = review.Containers.Approvals.GetBlobClient("xiji-2024.xlsx.json");

        var redelivered = await review.Approvals.ProcessAsync("xiji-2024.xlsx.json", blob, CancellationToken.None);
        Assert.Equal(approved.ToJson(), redelivered.ToJson());

        var again = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, preview.Version, by: "王复核");

        Assert.Equal(ApprovalOutcome.Refused, again.Outcome);
        Assert.Equal(ReviewCodes.AlreadyDecided, again.Code);
        Assert.Contains("李审核", again.Message, StringComparison.Ordinal);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
        Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
    }

    [Theory]
    [InlineData("xiji-2024.xlsx.json", "这不是JSON")]
    [InlineData("xiji-2024.xlsx.json", "[1,2]")]
    [InlineData("xiji-2024.xlsx.json", """{"decision":"maybe","version":"abc"}""")]
    [InlineData("xiji-2024.xlsx.json", """{"decision":"approved"}""")]
    [InlineData("xiji-2024.xlsx.json", """{"decision":"approved","version":42}""")]
    [InlineData("xiji-2024.xlsx", """{"decision":"approved","version":"abc"}""")]
    public async Task A_malformed_approval_is_refused_with_a_code_and_nothing_changes(string approvalName, string json)
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);

        var refused = await review.ApproveRawAsync(approvalName, json);

        Assert.Equal(ApprovalOutcome.Refused, refused.Outcome);
        Assert.Equal(ReviewCodes.Malformed, refused.Code);
        Assert.Contains(approvalName, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await kit.SiteSnapshotAsync());
        Assert.Equal(UploadOutcome.AwaitingApproval, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
        Assert.Equal(refused.ToJson(), (await review.Approvals.GetStatusAsync(approvalName))!.ToJson());
        Assert.True(await review.Containers.Approvals.GetBlobClient(approvalName).ExistsAsync());
    }

    [Fact]
    public async Task An_approval_for_an_unknown_upload_is_refused()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);

        var refused = await review.DecideAsync("不存在.xlsx", Approval.Approved, "abc");

        Assert.Equal(ReviewCodes.NoPreview, refused.Code);
        Assert.Contains("不存在.xlsx", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await review.Kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_preview_file_changed_after_review_is_not_published()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var preview = await review.PreviewAsync("xiji-2024.xlsx");
        await review.Containers.Previews.GetBlobClient(preview.File("pdf")!.Path).UploadAsync(BinaryData.FromString("%PDF-1.5 forged"), overwrite: true);

        var refused = await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, preview.Version);

        Assert.Equal(ReviewCodes.PreviewChanged, refused.Code);
        Assert.Empty(await review.Kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task The_same_data_as_the_live_version_needs_no_review()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("a.xlsx", Seed);
        await review.DecideAsync("a.xlsx", Approval.Approved, (await review.PreviewAsync("a.xlsx")).Version);
        var site = await kit.SiteSnapshotAsync();

        var again = await kit.DropAndProcessAsync("b.xlsx", Seed);

        Assert.Equal(UploadOutcome.Unchanged, again.Outcome);
        Assert.Null(await review.Previews.GetAsync("b.xlsx", CancellationToken.None));
        Assert.Equal(site, await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Approving_a_second_preview_of_data_that_went_live_meanwhile_publishes_nothing_twice()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("a.xlsx", Seed);
        await kit.DropAndProcessAsync("b.xlsx", Seed);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await kit.StatusAsync("b.xlsx"))!.Outcome);

        await review.DecideAsync("a.xlsx", Approval.Approved, (await review.PreviewAsync("a.xlsx")).Version);
        var second = await review.DecideAsync("b.xlsx", Approval.Approved, (await review.PreviewAsync("b.xlsx")).Version);

        // The approval's outcome says what its message says: nothing was published again.
        Assert.Equal(ApprovalOutcome.Unchanged, second.Outcome);
        Assert.Contains("未重复发布", second.Message, StringComparison.Ordinal);
        Assert.Equal(1, second.SiteVersion);
        Assert.Equal(UploadOutcome.Unchanged, (await kit.StatusAsync("b.xlsx"))!.Outcome);
        Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
    }
}
