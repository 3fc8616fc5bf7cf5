using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Withdrawal.WithdrawalKit;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>Withdrawal (撤回) end to end on Azurite: publish, withdraw, and read the site, the archive and the status back.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalTests(AzuriteFixture fixture)
{
    private const string Body = TestReports.SeedBody;
    private const string Other = "山亭区人民政府办公室";
    /// <summary>18:00 on 2 December 2026 in Beijing: another month than the publications.</summary>
    private static readonly DateTimeOffset WithdrawnAt = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static AnnualReport Corrected => TestReports.Create() with { Problems = ProseSection.FromText("信息公开的及时性和规范性有待提高。") };

    /// <summary>v1 and its correction v2 of the seed body, and another body's report.</summary>
    private static async Task PublishThreeAsync(WithdrawalKit kit)
    {
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At, "v1");
        await kit.PublishAsync(Corrected, PublishingTestKit.At.AddDays(1), "v2");
        await kit.PublishAsync(TestReports.Create(body: Other), PublishingTestKit.At.AddHours(2), "other");
    }

    [Fact]
    public async Task Withdrawing_moves_every_version_to_the_archive_publishes_the_notice_and_marks_every_listing()
    {
        await using var kit = Create(fixture.ConnectionString);
        await PublishThreeAsync(kit);
        var before = await kit.Web.HashesAsync();
        var manifestBefore = await kit.Publisher.GetBodyManifestAsync(Body);

        var status = await kit.WithdrawAsync("撤回西集镇2024.json", Json(Body, 2024), WithdrawnAt);

        Assert.Equal(WithdrawalOutcome.Withdrawn, status.Outcome);
        Assert.Null(status.Code);
        Assert.Equal(2, status.Version);
        Assert.Equal([1, 2], status.Versions);
        Assert.Equal("办公室 张三", status.By);

        // Every file of both versions: out of $web, in the archive under the same name with the same bytes.
        var files = manifestBefore.Publications.SelectMany(e => new[] { e.Pdf, e.Ofd!, e.Html, e.Report }).ToList();
        Assert.Equal(8, files.Count);
        Assert.Equal(files.Order(StringComparer.Ordinal), status.Archived.Order(StringComparer.Ordinal));
        var web = await kit.Web.HashesAsync();
        var archive = await kit.Archive.HashesAsync();
        foreach (var file in files)
        {
            Assert.DoesNotContain(file, web.Keys);
            Assert.Equal(before[file], archive[file]);
        }
        // The original notices are kept in the archive too; the site's notices now say the report was withdrawn.
        foreach (var e in manifestBefore.Publications)
        {
            Assert.Equal(before[e.Notice], archive[e.Notice]);
            var notice = await kit.Web.TextAsync(e.Notice);
            Assert.Contains("本报告已于", notice);
            Assert.Contains("href=\"../v2/withdrawal.html\"", notice);
            Assert.DoesNotContain("report.pdf", notice);
        }

        // The 撤回公告: reason, time in China Standard Time, which version, who.
        var withdrawal = await kit.Web.TextAsync(SiteSlug.WithdrawalNotice(Body, 2024, 2));
        Assert.Contains("关于撤回《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告", withdrawal);
        Assert.Contains("发布时间：<time datetime=\"2026-12-02T18:00:00+08:00\">2026年12月2日 18:00</time> · 撤回第2版（现行版本）", withdrawal);
        Assert.Contains("报告中个人信息未作脱敏处理", withdrawal);
        Assert.Contains("经办：办公室 张三", withdrawal);
        Assert.Contains("href=\"../v1/notice.html\"", withdrawal);

        // The record and every listing.
        var manifest = await kit.Publisher.GetBodyManifestAsync(Body);
        Assert.All(manifest.Publications, e => Assert.Equal(new Core.Publishing.Withdrawal(
            new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(8)), "报告中个人信息未作脱敏处理", "办公室 张三", 2), e.Withdrawn));
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
        var feed = await kit.Web.TextAsync(AtomFeed.FileName);
        Assert.Contains("<title>关于撤回《", feed);
        Assert.Equal(2, PublishingTestKit.Count(feed, "<title>（已撤回）"));
        Assert.Equal(1, PublishingTestKit.Count(feed, "rel=\"enclosure\""));   // only the other body's PDF
        var recent = await kit.Web.TextAsync(SiteLayout.RecentFile);
        Assert.Contains("\"kind\":\"withdrawal\"", recent);
        var page = SiteLayout.PageOf(SiteSlug.ForBody(Body), new PublishingOptions().CataloguePageCount);
        Assert.Contains("已撤回", await kit.Web.TextAsync(CatalogueKey.Year(2024).Page(page)));
        Assert.Contains("撤回公告", await kit.Web.TextAsync(CatalogueKey.Month("2026-12").Page(page)));
        Assert.Contains("withdrawal.html", await kit.Web.TextAsync(CatalogueKey.Year(2024).Page(page)));

        // The other body is untouched.
        var other = (await kit.Publisher.GetBodyManifestAsync(Other)).Publications.Single();
        Assert.Null(other.Withdrawn);
        Assert.Equal(before[other.Pdf], web[other.Pdf]);
        Assert.Equal(before[other.Notice], web[other.Notice]);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "not-json.json", "{\"body\": \"山亭区", WithdrawalCodes.JsonInvalid },
        { "array.json", "[1, 2]", WithdrawalCodes.JsonInvalid },
        { "no-reason.json", "{\"body\":\"山亭区西集镇人民政府\",\"year\":2024}", WithdrawalCodes.FieldMissing },
        { "blank-body.json", "{\"body\":\"  \",\"year\":2024,\"reason\":\"错误\"}", WithdrawalCodes.FieldMissing },
        { "bad-year.json", "{\"body\":\"山亭区西集镇人民政府\",\"year\":24,\"reason\":\"错误\"}", WithdrawalCodes.FieldInvalid },
        { "year-text.json", "{\"body\":\"山亭区西集镇人民政府\",\"year\":\"二〇二四\",\"reason\":\"错误\"}", WithdrawalCodes.FieldInvalid },
        { "unknown-body.json", Json("不存在的机关", 2024), WithdrawalCodes.NotPublished },
        { "unknown-year.json", Json(Body, 2023), WithdrawalCodes.NotPublished },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_a_status_with_its_code_and_changes_nothing_public(string name, string json, string code)
    {
        await using var kit = Create(fixture.ConnectionString);
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At);
        var before = await kit.Web.SnapshotAsync();

        var status = await kit.WithdrawAsync(name, json, WithdrawnAt);

        Assert.Equal(WithdrawalOutcome.Rejected, status.Outcome);
        Assert.Equal(code, status.Code);
        Assert.Contains($"“{name}”", status.Message);
        Assert.Contains("网站未作任何更改", status.Message);
        Assert.DoesNotContain("Exception", status.Message);
        Assert.Equal(before, await kit.Web.SnapshotAsync());
        Assert.Empty(await kit.Archive.HashesAsync());
        // The record is where docs/review-and-withdrawal.md says, with the code.
        var record = await kit.Kit.Results.TextAsync($"withdrawals/{name}.json");
        Assert.Contains($"\"code\": \"{code}\"", record);
    }

    [Fact]
    public async Task The_same_blob_processed_again_does_nothing_and_another_request_finds_it_already_withdrawn()
    {
        await using var kit = Create(fixture.ConnectionString);
        await PublishThreeAsync(kit);
        var first = await kit.WithdrawAsync("first.json", Json(Body, 2024), WithdrawnAt);
        var site = await kit.Web.SnapshotAsync();
        var archive = await kit.Archive.SnapshotAsync();

        kit.Clock.Now = WithdrawnAt.AddHours(1);
        var again = await kit.Processor.ProcessAsync("first.json", kit.Withdrawals.GetBlobClient("first.json"), CancellationToken.None);
        var second = await kit.WithdrawAsync("second.json", Json(Body, 2024, reason: "重复申请"), WithdrawnAt.AddHours(2));

        Assert.Equal(first.ToJson(), again.ToJson());                // the recorded outcome, not a second run
        Assert.Equal(WithdrawalOutcome.Unchanged, second.Outcome);
        Assert.Equal(WithdrawalCodes.AlreadyWithdrawn, second.Code);
        Assert.Equal("报告中个人信息未作脱敏处理", second.Reason);     // the withdrawal that happened, not the new reason
        Assert.Equal(site, await kit.Web.SnapshotAsync());
        Assert.Equal(archive, await kit.Archive.SnapshotAsync());
    }

    [Fact]
    public async Task A_later_upload_publishes_a_new_version_that_is_current_again()
    {
        await using var kit = Create(fixture.ConnectionString);
        await PublishThreeAsync(kit);
        await kit.WithdrawAsync("w.json", Json(Body, 2024), WithdrawnAt);

        // The same data as the withdrawn v2: published again (not "unchanged"), as a new publication, not a correction.
        var republished = await kit.PublishAsync(Corrected, WithdrawnAt.AddDays(1), "v3");

        Assert.Equal(PublishOutcome.Published, republished.Outcome);
        Assert.Equal(3, republished.Version);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
        var manifest = await kit.Publisher.GetBodyManifestAsync(Body);
        var v3 = manifest.Publications.Single(e => e.Version == 3);
        Assert.Null(v3.Withdrawn);
        Assert.Equal(PublicationKind.Publish, v3.Kind);
        var page = SiteLayout.PageOf(v3.Slug, new PublishingOptions().CataloguePageCount);
        var year = await kit.Web.TextAsync(CatalogueKey.Year(2024).Page(page));
        Assert.Contains("第3版公告", year);
        Assert.DoesNotContain("已撤回", year);
        var bodyPage = await kit.Web.TextAsync(SiteLayout.BodyPage(v3.Slug));
        Assert.Contains("第3版（现行版本）", bodyPage);
        Assert.Contains("第2版（已撤回）", bodyPage);
        Assert.Equal(TestReports.Create().Year, (await kit.Publisher.GetLatestAsync(Body, 2024))!.Year);

        // Withdrawing again takes v3 off too, with its own 撤回公告; the earlier withdrawal stays as it was.
        var again = await kit.WithdrawAsync("w2.json", Json(Body, 2024, reason: "再次撤回"), WithdrawnAt.AddDays(2));
        Assert.Equal(WithdrawalOutcome.Withdrawn, again.Outcome);
        Assert.Equal([3], again.Versions);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
        Assert.Equal(2, (await kit.Publisher.GetBodyManifestAsync(Body)).Publications.Single(e => e.Version == 1).Withdrawn!.NoticeVersion);
    }

    [Fact]
    public async Task Rebuilding_the_site_keeps_a_withdrawn_publication_withdrawn()
    {
        await using var kit = Create(fixture.ConnectionString);
        await PublishThreeAsync(kit);
        await kit.WithdrawAsync("w.json", Json(Body, 2024), WithdrawnAt);
        // Lose every listing but the body manifests (the record), then rebuild.
        await foreach (var item in kit.Web.GetBlobsAsync())
        {
            if (item.Name.StartsWith("years/", StringComparison.Ordinal) || item.Name.StartsWith("months/", StringComparison.Ordinal) ||
                item.Name is "recent.json" or "index.html" or "feed.xml" || item.Name.EndsWith("/index.html", StringComparison.Ordinal))
                await kit.Web.DeleteBlobAsync(item.Name);
        }

        await new SiteRebuilder(kit.Publisher, kit.Clock).RebuildAsync();

        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
        Assert.All((await kit.Publisher.GetBodyManifestAsync(Body)).Publications, e => Assert.NotNull(e.Withdrawn));
        var index = await kit.Web.TextAsync(IndexPage.FileName);
        Assert.Contains("关于撤回《", index);
        Assert.Equal(2, PublishingTestKit.Count(index, "<span class=\"kind withdrawn\">已撤回</span>"));
    }
}
