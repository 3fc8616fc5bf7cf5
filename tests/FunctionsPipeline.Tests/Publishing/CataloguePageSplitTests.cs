using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// Catalogue pages split in two past their row limit (issue #13: a publication's bytes do not grow with the site). With one
/// root page and a limit of 4 rows, a few dozen bodies make a tree several levels deep.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CataloguePageSplitTests(AzuriteFixture fixture)
{
    private const int Limit = 4;

    private SitePublisher Site(string container, TimeProvider? clock = null, int limit = Limit, IPublishFaults? faults = null) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container, CataloguePageCount = 1, CataloguePageRows = limit }),
            clock ?? new FixedClock(At), logger: null, faults);

    private static string Body(int i) => string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处");

    private static async Task<T> ReadAsync<T>(BlobContainerClient container, string path) =>
        JsonSerializer.Deserialize<T>((await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToMemory().Span, ListingJson.Options)!;

    /// <summary>
    /// Each listed page holds at most the limit and only bodies it holds by the tree; each body is on exactly one listed page,
    /// which links its notice; the catalogue's index links exactly the listed pages.
    /// </summary>
    private static async Task AssertCatalogueAsync(BlobContainerClient container, CatalogueKey key, IReadOnlyList<PublishResult> results, int limit = Limit)
    {
        var pages = await ReadAsync<PageSet>(container, key.PagesRecord);
        Assert.True(pages.Pages.Count > 1, $"{key.Folder}: {results.Count} bodies at {limit} a page must split");
        var onPage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages.Pages)
        {
            var record = await ReadAsync<PageRecord>(container, key.PageRecord(page));
            Assert.False(record.Split);
            Assert.InRange(record.Rows.Count, 1, limit);
            Assert.All(record.Rows, r => Assert.True(PageTree.Holds(page, r.Slug, 1), $"{r.Body} is on {page}, which does not hold it"));
            onPage[page] = await container.TextAsync(key.Page(page));
        }
        foreach (var r in results)
        {
            var link = $"href=\"{SiteLayout.Href(r.Paths.Notice)}\"";
            var holders = onPage.Where(p => p.Value.Contains(link, StringComparison.Ordinal)).Select(p => p.Key).ToList();
            Assert.True(holders.Count == 1, $"{r.Body} is on {holders.Count} pages of {key.Folder}: {string.Join(", ", holders)}");
            Assert.Equal(PageTree.LeafFor(pages, r.Slug, 1), holders[0]);
        }
        // The index links each root page once (here the one root); the root, split, links every page split from it once.
        var index = await container.TextAsync(key.Index);
        Assert.Equal(pages.Pages.Select(PageTree.RootOf).Distinct().Order(StringComparer.Ordinal), IndexLink().Matches(index).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        var root = await container.TextAsync(key.Page("p001"));
        Assert.Equal(pages.Pages.Order(StringComparer.Ordinal), IndexLink().Matches(root).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("（整理中）", root + index);
    }

    [Fact]
    public async Task Pages_past_their_limit_split_so_every_page_stays_within_it_and_every_body_is_listed_once()
    {
        var name = AzuriteFixture.UniqueName("split");
        var results = new List<PublishResult>();
        for (var i = 0; i < 24; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i))));
        var container = Site(name).Container;
        var year = CatalogueKey.Year(2024);

        await AssertCatalogueAsync(container, year, results);
        await AssertCatalogueAsync(container, CatalogueKey.Month("2026-11"), results);

        // The root page split: frozen, its page lists every page split from it (above), labelled by their names, and no notice;
        // a page split below the root links its halves.
        var root = await ReadAsync<PageRecord>(container, year.PageRecord("p001"));
        Assert.True(root.Split);
        Assert.DoesNotContain("版公告</a>", await container.TextAsync(year.Page("p001")));
        var parent = (await ReadAsync<PageSet>(container, year.PagesRecord)).Pages.First(p => PageTree.Depth(p) >= 2)[..^1];
        Assert.True((await ReadAsync<PageRecord>(container, year.PageRecord(parent))).Split);
        var (zero, one) = PageTree.Children(parent);
        var links = IndexLink().Matches(await container.TextAsync(year.Page(parent))).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.True(l == zero || l == one, $"{parent} links {l}"));

        // The year's sitemap lists its root page (which lists the pages split from it); sitemap.xml lists the year's sitemap.
        var pages = await ReadAsync<PageSet>(container, year.PagesRecord);
        var urls = XDocument.Parse(await container.TextAsync(SiteLayout.YearSitemap(2024))).Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .Select(l => l.Value).ToList();
        var site = container.Uri.AbsoluteUri + "/";
        Assert.Equal([site + year.Page("p001")], urls);
        Assert.Contains(site + SiteLayout.YearSitemap(2024), await container.TextAsync(SiteLayout.SitemapFile));

        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task Bodies_published_at_once_while_pages_split_are_all_listed_once()
    {
        var name = AzuriteFixture.UniqueName("splitburst");
        // Separate publishers, as separate instances would be (they share this process's group commit, so the ETag
        // conditions and the frozen split page are what keep rows from being lost).
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Site(name, new FixedClock(At.AddSeconds(i))).PublishAsync(TestReports.Create(body: Body(i))))));
        var container = Site(name).Container;

        await AssertCatalogueAsync(container, CatalogueKey.Year(2024), results);
        await AssertCatalogueAsync(container, CatalogueKey.Month("2026-11"), results);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task A_split_whose_writer_stopped_after_freezing_the_page_is_finished_by_the_next_publication()
    {
        var name = AzuriteFixture.UniqueName("splitcrash");
        var results = new List<PublishResult>();
        for (var i = 0; i < Limit + 1; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i)), limit: 400).PublishAsync(TestReports.Create(body: Body(i))));
        var container = Site(name).Container;
        var year = CatalogueKey.Year(2024);
        // As a writer that froze p001 and stopped: the record is split, no half exists, the set and index still list p001.
        var frozen = await ReadAsync<PageRecord>(container, year.PageRecord("p001"));
        await container.GetBlobClient(year.PageRecord("p001")).UploadAsync(
            new BinaryData(JsonSerializer.SerializeToUtf8Bytes(frozen with { Generation = frozen.Generation + 1, Split = true }, ListingJson.Options)), overwrite: true);
        Assert.False(await container.GetBlobClient(year.PageRecord("p001-0")).ExistsAsync());

        // The next body lands on one half; the other half's bodies must not vanish with the page that listed them.
        results.Add(await Site(name, new FixedClock(At.AddMinutes(30))).PublishAsync(TestReports.Create(body: Body(100))));

        await AssertCatalogueAsync(container, year, results);
        Assert.DoesNotContain("p001", (await ReadAsync<PageSet>(container, year.PagesRecord)).Pages);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task Rebuild_splits_the_pages_of_a_site_written_with_a_larger_limit()
    {
        var name = AzuriteFixture.UniqueName("splitrebuild");
        var results = new List<PublishResult>();
        for (var i = 0; i < 20; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i)), limit: 400).PublishAsync(TestReports.Create(body: Body(i))));
        var container = Site(name).Container;
        Assert.Equal(["p001"], (await ReadAsync<PageSet>(container, CatalogueKey.Year(2024).PagesRecord)).Pages);
        // A sitemap per catalogue page, as sites written before per-year sitemaps have.
        await container.GetBlobClient("sitemaps/2024-p001.xml").UploadAsync(new BinaryData("<urlset/>"u8.ToArray()));

        await new SiteRebuilder(Site(name, new FixedClock(At.AddDays(1))), new FixedClock(At.AddDays(1))).RebuildAsync();

        await AssertCatalogueAsync(container, CatalogueKey.Year(2024), results);
        await AssertCatalogueAsync(container, CatalogueKey.Month("2026-11"), results);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
        Assert.False(await container.GetBlobClient("sitemaps/2024-p001.xml").ExistsAsync());
        Assert.True(await container.GetBlobClient(SiteLayout.YearSitemap(2024)).ExistsAsync());

        // A second rebuild finds the tree as it is and leaves it whole.
        await new SiteRebuilder(Site(name, new FixedClock(At.AddDays(2))), new FixedClock(At.AddDays(2))).RebuildAsync();
        await AssertCatalogueAsync(container, CatalogueKey.Year(2024), results);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task A_withdrawal_marks_the_row_on_the_half_that_holds_the_body()
    {
        var name = AzuriteFixture.UniqueName("splitwd");
        var results = new List<PublishResult>();
        for (var i = 0; i < 12; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i))));
        var site = Site(name, new FixedClock(At.AddHours(2)));
        var archive = fixture.BlobService.GetBlobContainerClient(name[..Math.Min(name.Length, 50)] + "-arch");
        await archive.CreateIfNotExistsAsync();
        var target = results[5];

        var withdrawn = await new SiteWithdrawal(site, archive, new FixedClock(At.AddHours(2)), NullLogger.Instance).WithdrawAsync(
            new WithdrawalOrder(target.Body, target.Year, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json", CancellationToken.None);

        Assert.Equal(SiteWithdrawalOutcome.Withdrawn, withdrawn.Outcome);
        var year = CatalogueKey.Year(2024);
        var pages = await ReadAsync<PageSet>(site.Container, year.PagesRecord);
        var page = PageTree.LeafFor(pages, target.Slug, 1);
        Assert.NotEqual("p001", page);
        Assert.Contains("已撤回", await site.Container.TextAsync(year.Page(page)));
        await AssertCatalogueAsync(site.Container, year, results);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(site.Container, archive));
    }

    [GeneratedRegex("<li><a href=\"(p[0-9-]+)\\.html\">")]
    private static partial Regex IndexLink();
}
