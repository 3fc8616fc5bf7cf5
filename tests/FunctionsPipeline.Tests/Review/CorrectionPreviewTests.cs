using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Xunit.Abstractions;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Tests.Review;

/// <summary>A correction under review: the preview lists the changed cells and sections; the pages as Chromium draws them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorrectionPreviewTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_correction_preview_shows_the_changed_cells_against_the_live_version_and_is_published_as_a_correction()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        await kit.DropAndProcessAsync("xiji-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());
        await review.DecideAsync("xiji-2024.xlsx", Approval.Approved, (await review.PreviewAsync("xiji-2024.xlsx")).Version);
        var live = await kit.SiteSnapshotAsync();
        var oldPhone = SampleReports.Seed.Contact.Phone;
        var corrected = WorkbookFactory.From(SampleReports.Seed)
            .Set(ReportFields.Phone, "0632-8888888")
            .Set(ReportFields.Overview, "2024年，西集镇人民政府依法做好政府信息公开工作（更正后），坚持以公开为常态、不公开为例外。")
            .ToBytes();

        var status = await kit.DropAndProcessAsync("xiji-2024-更正.xlsx", corrected);

        Assert.Equal(UploadOutcome.AwaitingApproval, status.Outcome);
        Assert.Equal(live, await kit.SiteSnapshotAsync());
        var preview = await review.PreviewAsync("xiji-2024-更正.xlsx");
        Assert.Equal(PublicationKind.Correction, preview.Kind);
        Assert.Equal(1, preview.LiveVersion);
        Assert.Contains(status.Links, l => l.Kind == "preview-changes");
        var changes = Encoding.UTF8.GetString(await review.PreviewBytesAsync(preview, "changes"));
        Assert.Contains($"<td class=\"old\">{oldPhone}</td><td class=\"new\">0632-8888888</td>", changes, StringComparison.Ordinal);
        Assert.Contains($"<li>{ReportFields.Get(ReportFields.Overview).Description}</li>", changes, StringComparison.Ordinal);
        var notice = Encoding.UTF8.GetString(await review.PreviewBytesAsync(preview, "notice"));
        Assert.Contains("<span class=\"kind draft\">草稿</span><span class=\"kind\">更正公告</span>", notice, StringComparison.Ordinal);
        Assert.Contains("拟发布为第2版", notice, StringComparison.Ordinal);
        Assert.Contains(kit.Publisher.UrlOf(SiteSlug.VersionFolder(SampleReports.Seed.Body, 2024, 1) + "/notice.html").AbsoluteUri, notice, StringComparison.Ordinal);

        var folder = await DownloadPreviewAsync(review, "xiji-2024-更正.xlsx");
        var shots = Environment.GetEnvironmentVariable("FP_SHOTS_DIR") ?? Path.Combine(Path.GetTempPath(), "fp-review-shots");
        var draftFolder = Path.Combine(folder, PreviewStore.DraftFolder("xiji-2024-更正.xlsx", SampleReports.Seed.Body, 2024)[PreviewStore.Root("xiji-2024-更正.xlsx").Length..]);
        foreach (var (page, png) in new[] { ("notice.html", "review-notice.png"), ("changes.html", "review-changes.png"), ("report.html", "review-report.png") })
        {
            var url = new Uri(Path.Combine(draftFolder, page));
            var dom = await Chromium.DumpDomAsync(url);
            Assert.Contains("草稿 · 待审核", dom, StringComparison.Ordinal);   // each page itself, as Chromium shows it
            await Chromium.ScreenshotAsync(url, Path.Combine(shots, png), 1000, 1400);
            output.WriteLine($"{page}: {Path.Combine(shots, png)}");
        }
        await Chromium.ScreenshotAsync(new Uri(Path.Combine(folder, "index.html")), Path.Combine(shots, "review-index.png"), 1000, 1100);
        Assert.Contains("0632-8888888", await Chromium.DumpDomAsync(new Uri(Path.Combine(draftFolder, "changes.html"))), StringComparison.Ordinal);

        var approved = await review.DecideAsync("xiji-2024-更正.xlsx", Approval.Approved, preview.Version);

        Assert.Equal(ApprovalOutcome.Published, approved.Outcome);
        Assert.Equal(2, approved.SiteVersion);
        var entry = (await kit.Publisher.GetManifestAsync()).Publications.Single(p => p.Version == 2);
        Assert.Equal(PublicationKind.Correction, entry.Kind);
        Assert.Equal(preview.File("pdf")!.Sha256, ReviewKit.Hash(await review.SiteBytesAsync(entry.Pdf)));
        var published = await kit.Web.TextAsync(entry.Notice);
        Assert.Contains("0632-8888888", published, StringComparison.Ordinal);
        Assert.DoesNotContain("草稿", published, StringComparison.Ordinal);
        Assert.DoesNotContain("草稿", await kit.Web.TextAsync(entry.Html), StringComparison.Ordinal);
    }

    /// <summary>The preview folder as a reviewer would download it (Storage Explorer, az storage blob download-batch).</summary>
    private static async Task<string> DownloadPreviewAsync(ReviewKit review, string upload)
    {
        var folder = Directory.CreateTempSubdirectory("fp-preview-").FullName;
        var root = PreviewStore.Root(upload);
        await foreach (var blob in review.Containers.Previews.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = root }))
        {
            var target = Path.Combine(folder, blob.Name[root.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await review.Containers.Previews.GetBlobClient(blob.Name).DownloadToAsync(target);
        }
        return folder;
    }
}
