using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Withdrawal.WithdrawalKit;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>
/// The 撤回公告, a withdrawn version's notice and the body page as a reader's browser shows them (headless Chromium).
/// Screenshots (1280 px) go to a temp folder, printed in the test output, for a person to look at.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalInBrowserTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_withdrawal_notice_the_withdrawn_notice_and_the_body_page_open_in_a_browser()
    {
        await using var kit = Create(fixture.ConnectionString);
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At, "v1");
        await kit.PublishAsync(TestReports.Create() with { Problems = ProseSection.FromText("信息公开的规范性有待提高。") }, PublishingTestKit.At.AddDays(1), "v2");
        var status = await kit.WithdrawAsync("w.json",
            Json(TestReports.SeedBody, 2024, reason: "报告第三部分含有未经脱敏的申请人个人信息，经保密审查决定撤回，修改后重新发布。", by: "党政办公室 李四"),
            new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(WithdrawalOutcome.Withdrawn, status.Outcome);

        var withdrawalUrl = new Uri(status.Links.Single(l => l.Kind == "withdrawal-notice").Url);
        var bodyUrl = new Uri(status.Links.Single(l => l.Kind == "body").Url);
        var noticeUrl = kit.Publisher.UrlOf($"{SiteSlug.VersionFolder(TestReports.SeedBody, 2024, 1)}/{NoticePage.FileName}");

        var withdrawal = await Chromium.DumpDomAsync(withdrawalUrl);
        Assert.Contains("<h1><span class=\"kind\">撤回公告</span>关于撤回《", withdrawal);
        Assert.Contains("2026年12月2日 18:00", withdrawal);
        Assert.Contains("经办：党政办公室 李四", withdrawal);
        var body = await Chromium.DumpDomAsync(bodyUrl);
        Assert.Contains("第2版（已撤回）", body);
        Assert.Contains("第1版（已撤回）", body);
        Assert.DoesNotContain("report.pdf", body);
        var notice = await Chromium.DumpDomAsync(noticeUrl);
        Assert.Contains("class=\"withdrawn-banner\"", notice);

        var folder = Path.Combine(Path.GetTempPath(), "fp-withdrawal-screenshots");
        foreach (var (name, url, height) in new[] { ("withdrawal-notice.png", withdrawalUrl, 1300), ("body-page.png", bodyUrl, 900), ("withdrawn-notice.png", noticeUrl, 800),
                     ("index.png", kit.Publisher.UrlOf(IndexPage.FileName), 900) })
        {
            var path = Path.Combine(folder, name);
            await Chromium.ScreenshotAsync(url, path, 1280, height);
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
            output.WriteLine($"screenshot: {path}");
        }
    }
}
