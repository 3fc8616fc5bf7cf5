using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Catalogue pages are labelled by the names they hold (first and last, zh-CN order) instead of a hash page number.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CataloguePageLabelTests(AzuriteFixture fixture)
{
    private static readonly StringComparer ChineseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);

    private SitePublisher Site(string container, TimeProvider? clock = null) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container, CataloguePageCount = 3 }), clock ?? new FixedClock(At), logger: null);

    private static readonly string[] Names =
    [
        "山亭区西集镇人民政府", "安徽省教育厅", "北京市东城区审计局", "重庆市渝中区民政局", "福建省泉州市商务局", "广州市天河区水务局",
        "杭州市西湖区统计局", "济南市历下区信访局", "昆明市五华区林业局", "兰州市城关区体育局", "南京市鼓楼区司法局", "邹城市财政局",
    ];

    [Fact]
    public async Task The_catalogue_index_labels_each_page_by_its_first_and_last_name_in_name_order()
    {
        var name = AzuriteFixture.UniqueName("labels");
        var results = new List<PublishResult>();
        for (var i = 0; i < Names.Length; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Names[i])));
        var container = Site(name).Container;
        var key = CatalogueKey.Year(2024);

        var byPage = results.GroupBy(r => SiteLayout.PageOf(r.Slug, 3)).ToDictionary(g => g.Key, g => g.Select(r => r.Body).Order(ChineseOrder).ToList());
        Assert.True(byPage.Count > 1, "12 bodies over 3 pages use more than one");
        var index = await container.TextAsync(key.Index);
        var expected = byPage.OrderBy(p => p.Value[0], ChineseOrder)
            .Select(p => $"<li><a href=\"{SiteLayout.PageName(p.Key)}.html\">{(p.Value.Count == 1 ? p.Value[0] : $"{p.Value[0]} 至 {p.Value[^1]}")}</a></li>").ToList();
        Assert.Equal(expected, PageLink().Matches(index).Select(m => m.Value).ToList());
        Assert.DoesNotContain("第1页", index);

        foreach (var (page, names) in byPage)
        {
            var html = await container.TextAsync(key.Page(page));
            var range = names.Count == 1 ? names[0] : $"{names[0]} 至 {names[^1]}";
            Assert.Contains($"<h1>{key.Title}：{range}（共{names.Count}个机关）</h1>", html);
            Assert.Contains($"<title>{key.Title}：{range}（共{names.Count}个机关）</title>", html);
        }
        var month = await container.TextAsync(CatalogueKey.Month("2026-11").Page(byPage.Keys.First()));
        Assert.Contains($"（共{byPage[byPage.Keys.First()].Count}条公告）</h1>", month);
        Assert.Empty(await Robustness.SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task A_body_that_sorts_inside_a_page_leaves_its_label_and_the_catalogue_index_alone()
    {
        var name = AzuriteFixture.UniqueName("labelkeep");
        // Find three names on one page: the outer two set the label, the middle one comes last.
        var onPage = Enumerable.Range(1, 60).Select(i => string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处"))
            .GroupBy(n => SiteLayout.PageOf(SiteSlug.ForBody(n), 3)).First(g => g.Count() >= 3).Take(3).Order(ChineseOrder).ToList();
        await Site(name).PublishAsync(TestReports.Create(body: onPage[0]));
        await Site(name, new FixedClock(At.AddMinutes(1))).PublishAsync(TestReports.Create(body: onPage[2]));
        var container = Site(name).Container;
        var key = CatalogueKey.Year(2024);
        var before = await container.SnapshotAsync();

        await Site(name, new FixedClock(At.AddMinutes(2))).PublishAsync(TestReports.Create(body: onPage[1]));

        var after = await container.SnapshotAsync();
        Assert.Equal(before[key.LabelsRecord], after[key.LabelsRecord]);
        Assert.Equal(before[key.Index], after[key.Index]);
        Assert.NotEqual(before[key.Page(SiteLayout.PageOf(SiteSlug.ForBody(onPage[1]), 3))], after[key.Page(SiteLayout.PageOf(SiteSlug.ForBody(onPage[1]), 3))]);
        Assert.Contains($"{onPage[0]} 至 {onPage[2]}（共3个机关）", await container.TextAsync(key.Page(SiteLayout.PageOf(SiteSlug.ForBody(onPage[1]), 3))));
    }

    [GeneratedRegex("<li><a href=\"p\\d{3}\\.html\">[^<]*</a></li>")]
    private static partial Regex PageLink();
}
