using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Support;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// Opens the published site in headless Chromium from its own Azurite's <c>$web</c> container, as a
/// reader would. Screenshots go to a temp folder (printed in the test output) for a person to look at.
/// </summary>
public sealed class SiteInBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Index_and_notices_open_in_a_browser_from_the_web_container()
    {
        var service = new Azure.Storage.Blobs.BlobServiceClient(_azurite.ConnectionString);
        var pdfs = new PdfRenderer();
        async Task<PublishResult> PublishAsync(AnnualReport report, DateTimeOffset at)
        {
            var document = DocumentBuilder.Build(report);
            return await Publisher(service, "$web", new FixedClock(at)).PublishAsync(report, Rendered(document, pdfs.Render(document, at)));
        }
        var seed = await PublishAsync(SampleReports.Seed, At);
        var county = await PublishAsync(SampleReports.County, At.AddHours(1));
        var countyTable = SampleReports.County.Applications;
        var granted = countyTable[TableBRow.Granted, ApplicantColumn.NaturalPerson];
        var correctedCounty = SampleReports.County with
        {
            Applications = TableB.Create((r, c) => (r, c) == (TableBRow.Granted, ApplicantColumn.NaturalPerson) ? granted + 1 : countyTable[r, c]),
        };
        var correction = await PublishAsync(correctedCounty, At.AddDays(1));

        var indexUrl = new Uri($"http://127.0.0.1:{_azurite.BlobPort}/devstoreaccount1/$web/index.html");
        Assert.Equal(indexUrl, seed.Urls.Index);

        var index = await Chromium.DumpDomAsync(indexUrl);
        Assert.Contains("<title>政府信息公开工作年度报告</title>", index);
        Assert.Contains("关于发布《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告", index);
        Assert.Contains($"关于发布《{county.Body}2024年政府信息公开工作年度报告》的公告", index);
        Assert.Contains($"关于更正《{county.Body}2024年政府信息公开工作年度报告》的公告", index);
        Assert.Contains("2026年11月30日 17:20", index);
        Assert.Equal(PublishOutcome.Corrected, correction.Outcome);

        var notice = await Chromium.DumpDomAsync(correction.Urls.Notice);
        Assert.Contains("发布时间：<time datetime=\"2026-11-30T17:20:00+08:00\">2026年11月30日 17:20</time>", notice);
        Assert.Contains("更正公告", notice);
        Assert.Contains($"（一）予以公开 / 自然人</th><td class=\"old\">{granted}</td><td class=\"new\">{granted + 1}</td>", notice);
        Assert.Contains("SHA-256：", notice);

        var report = await Chromium.DumpDomAsync(county.Urls.Html, width: 390);
        Assert.Contains("三、收到和处理政府信息公开申请情况", report);
        Assert.Contains("rowspan=\"22\"", report);

        var folder = Path.Combine(Path.GetTempPath(), "fp-publish-screenshots");
        var shots = new (string Name, Uri Url, int Width, int Height)[]
        {
            ("index-desktop.png", indexUrl, 1280, 1000),
            ("index-phone.png", indexUrl, 390, 1400),
            ("notice-desktop.png", correction.Urls.Notice, 1280, 1800),
            ("notice-phone.png", correction.Urls.Notice, 390, 2600),
            ("seed-notice-phone.png", seed.Urls.Notice, 390, 2000),
            ("report-desktop.png", county.Urls.Html, 1280, 2400),
            ("report-phone.png", county.Urls.Html, 390, 3000),
        };
        foreach (var (name, url, width, height) in shots)
        {
            var path = Path.Combine(folder, name);
            await Chromium.ScreenshotAsync(url, path, width, height);
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
            output.WriteLine($"screenshot: {path}");
        }
    }
}
