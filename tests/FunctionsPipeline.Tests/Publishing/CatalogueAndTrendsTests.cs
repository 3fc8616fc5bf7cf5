using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// Catalogue metadata (索引号, 发布机构, 成文日期, 发布日期, 主题分类) on the notice and the report page, as a box, Dublin
/// Core and JSON-LD; the body page's year-over-year charts and the notice's change against the previous year (issue #13).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CatalogueAndTrendsTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    private const string Code = "11539999MB12345672"; // the county sample's

    private SitePublisher Site(string container, DateTimeOffset at) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container }), new FixedClock(at), logger: null);

    private BlobContainerClient Container(string name) => fixture.BlobService.GetBlobContainerClient(name);

    [Fact]
    public async Task Notice_and_report_page_carry_the_index_number_and_metadata_as_a_box_Dublin_Core_and_JSON_LD()
    {
        var name = AzuriteFixture.UniqueName("catalogue");
        var first = await Site(name, At).PublishAsync(SampleReports.County);
        var corrected = SampleReports.County with { Contact = SampleReports.County.Contact with { Phone = "0123-7654321" } };
        var second = await Site(name, At.AddDays(1)).PublishAsync(corrected, "v2");
        var container = Container(name);

        foreach (var (path, version, published) in new[]
                 {
                     (first.Paths.Notice, 1, "2026-11-29T17:20:00+08:00"), (first.Paths.Html, 1, "2026-11-29T17:20:00+08:00"),
                     (second.Paths.Notice, 2, "2026-11-30T17:20:00+08:00"), (second.Paths.Html, 2, "2026-11-30T17:20:00+08:00"),
                 })
        {
            var html = await container.TextAsync(path);
            // 索引号: issuer / year of publication (2026, At) - serial; the correction is that year's second document of the body.
            var index = $"{Code}/2026-0000{version}";
            var (head, main) = Split(html);

            // The box, first in the main content.
            Assert.StartsWith("<section class=\"catalogue\" aria-label=\"政府信息公开目录信息\">", main);
            Assert.Contains($"<div><dt>索引号</dt><dd class=\"code\">{index}</dd></div>", main);
            Assert.Contains($"<div><dt>发布机构</dt><dd>{SampleReports.County.Body}</dd></div>", main);
            Assert.Contains($"<div><dt>成文日期</dt><dd><time datetime=\"{published[..10]}\">", main);
            Assert.Contains($"<div><dt>发布日期</dt><dd><time datetime=\"{published}\">", main);
            Assert.Contains("<div><dt>主题分类</dt><dd>政务公开/政府信息公开工作年度报告</dd></div>", main);

            // Dublin Core in the head.
            var dc = MetaTag().Matches(head).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.Equal(index, dc["DC.identifier"]);
            Assert.Equal(SampleReports.County.Body, dc["DC.creator"]);
            Assert.Equal(SampleReports.County.Title, dc["DC.title"]);
            Assert.Equal(published, dc["DCTERMS.issued"]);
            Assert.Equal(published[..10], dc["DCTERMS.created"]);
            Assert.Equal("政务公开/政府信息公开工作年度报告", dc["DC.subject"]);

            // JSON-LD in the head: parses, and says the same.
            var ld = JsonNode.Parse(JsonLd().Match(head).Groups[1].Value)!;
            Assert.Equal("https://schema.org", (string)ld["@context"]!);
            Assert.Equal("Report", (string)ld["@type"]!);
            Assert.Equal(index, (string)ld["reportNumber"]!);
            Assert.Equal(published, (string)ld["datePublished"]!);
            Assert.Equal(SampleReports.County.Title, (string)ld["name"]!);
            Assert.Equal("GovernmentOrganization", (string)ld["publisher"]!["@type"]!);
            Assert.Equal(Code, (string)ld["publisher"]!["identifier"]!["value"]!);
            Assert.Equal(1, Count(html, "<script"));
        }
    }

    [Fact]
    public async Task Without_a_credit_code_there_is_no_index_number_and_the_box_says_why()
    {
        var name = AzuriteFixture.UniqueName("nocode");
        var result = await Site(name, At).PublishAsync(TestReports.Create());
        foreach (var path in new[] { result.Paths.Notice, result.Paths.Html })
        {
            var html = await Container(name).TextAsync(path);
            var (head, main) = Split(html);
            Assert.Contains("<div><dt>索引号</dt><dd>—（未填报统一社会信用代码）</dd></div>", main);
            Assert.DoesNotContain("DC.identifier", head);
            var ld = JsonNode.Parse(JsonLd().Match(head).Groups[1].Value)!.AsObject();
            Assert.False(ld.ContainsKey("reportNumber"));
            Assert.False(ld["publisher"]!.AsObject().ContainsKey("identifier"));
        }
    }

    [Fact]
    public async Task Markup_in_the_body_name_stays_text_in_the_box_and_cannot_close_the_JSON_LD_block()
    {
        var name = AzuriteFixture.UniqueName("ldmarkup");
        const string attack = "</script><script>alert(1)</script>";
        var result = await Site(name, At).PublishAsync(TestReports.Create(body: "某机关" + attack));
        var html = await Container(name).TextAsync(result.Paths.Notice);
        var (head, _) = Split(html);
        Assert.DoesNotContain("<script", WithoutJsonLd(html));
        Assert.Equal("某机关" + attack, (string)JsonNode.Parse(JsonLd().Match(head).Groups[1].Value)!["publisher"]!["name"]!);
    }

    /// <summary>Three report years of one body: 2022, 2023 (corrected once) and 2024; the figures differ every year.</summary>
    private static (AnnualReport Y2022, AnnualReport Y2023, AnnualReport Y2023Corrected, AnnualReport Y2024) ThreeYears()
    {
        static AnnualReport Year(int year, int k, int issued, TableC? c = null)
        {
            var r = TestReports.Create(year: year, tableB: (row, column) => TestReports.DefaultTableB(row, column) * k);
            return r with
            {
                ActiveDisclosure = r.ActiveDisclosure with { NormativeDocuments = new DocumentCounts(issued, 0, 15) },
                ReviewsAndLitigation = c ?? r.ReviewsAndLitigation,
                CreditCode = Code,
            };
        }
        var zero = new ReviewCounts(0, 0, 0, 0, 0);
        return (Year(2022, 3, 5), Year(2023, 1, 2), Year(2023, 2, 2), Year(2024, 3, 2, new TableC(zero, zero, zero)));
    }

    private async Task<(string Container, PublishResult Y2022, PublishResult Y2023, PublishResult Y2024)> PublishThreeYearsAsync(string prefix)
    {
        var name = AzuriteFixture.UniqueName(prefix);
        var (y2022, y2023, y2023Corrected, y2024) = ThreeYears();
        var a = await Site(name, At.AddYears(-2)).PublishAsync(y2022);
        await Site(name, At.AddYears(-1)).PublishAsync(y2023);
        var b = await Site(name, At.AddYears(-1).AddDays(3)).PublishAsync(y2023Corrected, "v2");
        var c = await Site(name, At).PublishAsync(y2024);
        return (name, a, b, c);
    }

    [Fact]
    public async Task The_body_page_charts_each_key_figure_across_three_years_from_the_current_versions()
    {
        var (name, y2022, y2023, y2024) = await PublishThreeYearsAsync("trends");
        var container = Container(name);
        var page = await container.TextAsync(SiteLayout.BodyPage(y2024.Slug));

        // Expected values read back from each year's current report.json (2023: the correction).
        var expected = new Dictionary<int, KeyFigures>();
        foreach (var r in new[] { y2022, y2023, y2024 })
        {
            var data = (await container.GetBlobClient(r.Paths.Report).DownloadContentAsync()).Value.Content.ToMemory();
            expected[r.Year] = KeyFigures.From(ReportJson.Deserialize(data.Span));
        }
        Assert.Equal(2, y2023.Version);
        Assert.Equal(32, expected[2023].NewlyReceived); // not v1's 16

        var svgs = SvgBlock().Matches(page).ToDictionary(m => m.Groups[1].Value, m => m.Value);
        Assert.Equal(KeyFigures.All.Count, svgs.Count);
        foreach (var figure in KeyFigures.All)
        {
            var svg = XElement.Parse(svgs[figure.Id]);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal("img", (string?)svg.Attribute("role"));
            Assert.Equal($"trend-{figure.Id}-title trend-{figure.Id}-desc", (string?)svg.Attribute("aria-labelledby"));
            Assert.Contains(figure.Label, svg.Element(ns + "title")!.Value);
            var desc = svg.Element(ns + "desc")!.Value;
            // Year labels in order, and each bar's value (a zero has no bar, only its number).
            var years = svg.Elements(ns + "text").Select(t => t.Value).Where(t => t.Length == 4 && t.StartsWith("20", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "2022", "2023", "2024" }, years);
            var bars = svg.Elements(ns + "rect").ToDictionary(r => (int)r.Attribute("data-year")!, r => (int)r.Attribute("data-value")!);
            foreach (var (year, figures) in expected)
            {
                var value = figure.Value(figures);
                Assert.Contains($"{year}年度{value}件", desc);
                if (value == 0) Assert.False(bars.ContainsKey(year), $"{figure.Id} {year}: a bar for 0");
                else Assert.Equal(value, bars[year]);
            }
            // The tallest bar is the largest value.
            var heights = svg.Elements(ns + "rect").ToDictionary(r => (int)r.Attribute("data-year")!, r => double.Parse((string)r.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture));
            if (heights.Count > 1) Assert.Equal(bars.MaxBy(b => b.Value).Key, heights.MaxBy(h => h.Value).Key);
        }

        // The text equivalent: one table row per figure, one column per year.
        var table = TrendTable().Match(page).Value;
        foreach (var figure in KeyFigures.All)
        {
            var row = string.Concat(expected.OrderBy(e => e.Key).Select(e => $"<td class=\"num\">{figure.Value(e.Value)}</td>"));
            Assert.Contains($"<th scope=\"row\" class=\"row left\">{figure.Label}</th>{row}</tr>", table);
        }

        // Once 2023 is withdrawn (every version), its figures leave the charts and the table.
        var manifest = await Site(name, At).GetBodyManifestAsync(y2024.Body);
        var withdrawn = manifest.WithWithdrawn(y2024.Body, 2023, 2, new FunctionsPipeline.Core.Publishing.Withdrawal(At.AddDays(30), "测试撤回", null, 3), At.AddDays(30))!;
        var charts = YearOverYearCharts.Render(withdrawn);
        var withdrawnYears = SvgBlock().Matches(charts).Select(m => XElement.Parse(m.Value))
            .SelectMany(svg => svg.Elements(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value))
            .Where(t => t.Length == 4 && t.StartsWith("20", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(new[] { "2022", "2024" }, withdrawnYears);
        Assert.DoesNotContain("2023年度", charts);
    }

    [Fact]
    public async Task The_notice_states_the_change_against_the_current_version_of_the_previous_year()
    {
        var (name, y2022, _, y2024) = await PublishThreeYearsAsync("yoy");
        var container = Container(name);

        var notice = await container.TextAsync(y2024.Paths.Notice);
        Assert.Contains("<h2>与上年相比</h2>", notice);
        Assert.Contains("与本机关2023年度报告（现行版本）相比：", notice);
        Assert.Contains("<li>新收申请 48件，上年 32件，较上年增加50.0%</li>", notice);       // 2023 v2 has 32 (v1 had 16)
        Assert.Contains("<li>予以公开 30件，上年 20件，较上年增加50.0%</li>", notice);
        Assert.Contains("<li>制发规章和规范性文件 2件，上年 2件，与上年持平</li>", notice);
        Assert.Contains("<li>行政复议 0件，上年 1件，较上年减少100.0%</li>", notice);
        Assert.Contains("<li>行政诉讼 0件，上年 1件，较上年减少100.0%</li>", notice);

        // The body's first year has nothing to compare with.
        Assert.DoesNotContain("与上年相比", await container.TextAsync(y2022.Paths.Notice));
    }

    [Fact]
    public async Task A_manifest_without_figures_still_publishes_with_a_comparison_and_rebuild_fills_the_figures()
    {
        var name = AzuriteFixture.UniqueName("oldfigs");
        var (y2022, y2023, _, _) = ThreeYears();
        var first = await Site(name, At.AddYears(-1)).PublishAsync(y2022);
        var container = Container(name);
        var manifestPath = SiteLayout.BodyManifest(first.Slug);

        // The manifest as the code before key figures wrote it.
        var json = JsonNode.Parse(await container.TextAsync(manifestPath))!;
        foreach (var e in json["publications"]!.AsArray()) Assert.True(e!.AsObject().Remove("figures"));
        await container.GetBlobClient(manifestPath).UploadAsync(BinaryData.FromString(json.ToJsonString()), overwrite: true);
        var old = SiteManifest.FromJson(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Null(Assert.Single(old.Publications).Figures);
        Assert.DoesNotContain("<svg", BodyPage.Render(BodyPageModel.From(old)));  // renders, without charts

        // The next year compares with the old entry's report.json.
        var next = await Site(name, At).PublishAsync(y2023);
        Assert.Contains("<li>新收申请 16件，上年 48件，较上年减少66.7%</li>", await container.TextAsync(next.Paths.Notice));
        var page = await container.TextAsync(SiteLayout.BodyPage(first.Slug));
        Assert.Contains("<td class=\"num\">—</td><td class=\"num\">16</td>", page); // 2022 without figures, 2023 with
        Assert.Contains("2022年度无数据", page);

        await new SiteRebuilder(Site(name, At.AddDays(1)), new FixedClock(At.AddDays(1))).RebuildAsync();

        var rebuilt = SiteManifest.FromJson((await container.GetBlobClient(manifestPath).DownloadContentAsync()).Value.Content.ToMemory().Span);
        Assert.All(rebuilt.Publications, e => Assert.NotNull(e.Figures));
        Assert.Equal(KeyFigures.From(y2022), rebuilt.Publications.Single(e => e.Year == 2022).Figures);
        var after = await container.TextAsync(SiteLayout.BodyPage(first.Slug));
        Assert.Contains("<td class=\"num\">48</td><td class=\"num\">16</td>", after);
        Assert.DoesNotContain("无数据", after);
    }

    [Fact]
    public async Task Body_page_and_notice_in_Chromium_at_1280_and_390_px()
    {
        var (name, _, _, y2024) = await PublishThreeYearsAsync("trendshots");
        var publisher = Site(name, At);
        var bodyUrl = publisher.UrlOf(SiteLayout.BodyPage(y2024.Slug));

        var dom = await Chromium.DumpDomAsync(bodyUrl, width: 390);
        Assert.Contains("历年主要数据", dom);
        Assert.Equal(KeyFigures.All.Count, Count(dom, "<figure class=\"chart trend\">"));
        var notice = await Chromium.DumpDomAsync(y2024.Urls.Notice);
        Assert.Contains("<dt>索引号</dt><dd class=\"code\">11539999MB12345672/2026-00001</dd>", notice);
        Assert.Contains("较上年增加50.0%", notice);

        var folder = Environment.GetEnvironmentVariable("FP_SHOTS") ?? Path.Combine(Path.GetTempPath(), "fp-catalogue-screenshots");
        foreach (var (file, url, width, height) in new[]
                 {
                     ("body-trends-1280.png", bodyUrl, 1280, 1500), ("body-trends-390.png", bodyUrl, 390, 3200),
                     ("notice-catalogue-1280.png", y2024.Urls.Notice, 1280, 2000), ("notice-catalogue-390.png", y2024.Urls.Notice, 390, 3400),
                     ("report-catalogue-390.png", y2024.Urls.Html, 390, 1200),
                 })
        {
            var path = Path.Combine(folder, file);
            await Chromium.ScreenshotAsync(url, path, width, height);
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
            output.WriteLine($"screenshot: {path}");
        }
    }

    /// <summary>The head and the main content of a page.</summary>
    private static (string Head, string Main) Split(string html)
    {
        var headEnd = html.IndexOf("</head>", StringComparison.Ordinal);
        var main = html.IndexOf("<main", StringComparison.Ordinal);
        Assert.True(headEnd > 0 && main > headEnd, "page has a head before its main");
        return (html[..headEnd], html[(html.IndexOf('>', main) + 2)..]);
    }

    [GeneratedRegex("<meta name=\"(DC[A-Z]*\\.[a-z]+)\" content=\"([^\"]*)\">")]
    private static partial Regex MetaTag();

    [GeneratedRegex("<script type=\"application/ld\\+json\">([^<]*)</script>")]
    private static partial Regex JsonLd();

    [GeneratedRegex("<svg [^>]*aria-labelledby=\"trend-([a-z]+)-title[^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgBlock();

    [GeneratedRegex("<table class=\"trend-table\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TrendTable();
}
