using System.Globalization;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The listings of a site at scale (issue #13): body pages, year catalogues, month archives, index, feed, sitemaps, rebuild.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteListingsTests(AzuriteFixture fixture)
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private SitePublisher Site(string container, TimeProvider? clock = null, int pages = 64, IPublishFaults? faults = null) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container, CataloguePageCount = pages }),
            clock ?? new FixedClock(At), logger: null, faults);

    private static string Body(int i) => string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处");

    [Fact]
    public async Task The_body_page_lists_every_year_and_version_with_corrections_marked()
    {
        var name = AzuriteFixture.UniqueName("body");
        await Site(name).PublishAsync(TestReports.Create(year: 2023));
        var first = await Site(name, new FixedClock(At.AddHours(1))).PublishAsync(TestReports.Create(year: 2024));
        var corrected = await Site(name, new FixedClock(At.AddDays(1))).PublishAsync(TestReports.Create(year: 2024, overview: "更正后的总体情况。"), "v2");
        var container = fixture.BlobService.GetBlobContainerClient(name);

        var page = await container.TextAsync($"bodies/{first.Slug}/index.html");

        Assert.Contains($"<h1>{TestReports.SeedBody}</h1>", page);
        Assert.True(page.IndexOf("<h2>2024年度</h2>", StringComparison.Ordinal) < page.IndexOf("<h2>2023年度</h2>", StringComparison.Ordinal), "newest year first");
        Assert.Equal(3, Count(page, "<li><span class=\"when\">"));
        Assert.Contains("<span class=\"kind\">更正公告</span>", page);
        Assert.Contains("第2版（现行版本）", page);
        Assert.Contains("第1版（已被更正）", page);
        Assert.Contains($"href=\"{SiteLayout.Href(corrected.Paths.Notice)}\"", page);
        Assert.Contains($"href=\"{SiteLayout.Href(first.Paths.Pdf)}\"", page);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task The_year_catalogue_is_split_across_pages_each_body_on_the_page_its_slug_hashes_to()
    {
        const int pageCount = 4;
        var name = AzuriteFixture.UniqueName("split");
        var results = new List<PublishResult>();
        for (var i = 1; i <= 12; i++) results.Add(await Site(name, pages: pageCount).PublishAsync(TestReports.Create(body: Body(i))));
        var container = fixture.BlobService.GetBlobContainerClient(name);

        var expectedPages = results.Select(r => SiteLayout.PageOf(r.Slug, pageCount)).Distinct().Order().ToList();
        Assert.True(expectedPages.Count > 1, "12 bodies over 4 pages must use more than one");
        var index = await container.TextAsync("years/2024/index.html");
        Assert.Equal(expectedPages.Count, Count(index, "<li><a href=\"p00"));
        foreach (var page in Enumerable.Range(0, pageCount))
        {
            var path = $"years/2024/{SiteLayout.PageName(page)}.html";
            var onPage = results.Where(r => SiteLayout.PageOf(r.Slug, pageCount) == page).ToList();
            Assert.Equal(onPage.Count > 0, await container.GetBlobClient(path).ExistsAsync());
            if (onPage.Count == 0) continue;
            var html = await container.TextAsync(path);
            Assert.Equal(onPage.Count, Count(html, "<tr><th scope=\"row\""));
            foreach (var r in results)
                Assert.Equal(onPage.Contains(r) ? 1 : 0, Count(html, $"href=\"{SiteLayout.Href(r.Paths.Notice)}\""));
        }
        // The month archive is split the same way.
        Assert.Equal(expectedPages.Count, Count(await container.TextAsync("months/2026-11/index.html"), "<li><a href=\"p00"));
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task A_correction_replaces_the_body_row_on_the_year_page_and_adds_a_row_to_the_month_page()
    {
        var name = AzuriteFixture.UniqueName("correct");
        var first = await Site(name).PublishAsync(TestReports.Create());
        var second = await Site(name, new FixedClock(At.AddHours(2))).PublishAsync(TestReports.Create(overview: "更正。"), "v2");
        var container = fixture.BlobService.GetBlobContainerClient(name);
        var page = SiteLayout.PageName(SiteLayout.PageOf(first.Slug, 64));

        var year = await container.TextAsync($"years/2024/{page}.html");
        var month = await container.TextAsync($"months/2026-11/{page}.html");

        Assert.Equal(1, Count(year, "<tr><th scope=\"row\""));
        Assert.Contains(">第2版公告</a>", year);
        Assert.DoesNotContain(first.Paths.Notice, year);
        Assert.Equal(2, Count(month, "<li><span class=\"when\">"));
        Assert.True(month.IndexOf(second.Paths.Notice, StringComparison.Ordinal) < month.IndexOf(first.Paths.Notice, StringComparison.Ordinal), "newest first");
        Assert.Contains("<span class=\"kind\">更正公告</span>", month);
    }

    [Fact]
    public async Task The_feed_and_index_carry_the_newest_50_while_the_month_archive_keeps_them_all()
    {
        var name = AzuriteFixture.UniqueName("feed");
        var results = new List<PublishResult>();
        for (var i = 1; i <= 55; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i))));
        var container = fixture.BlobService.GetBlobContainerClient(name);

        var feed = XDocument.Parse(await container.TextAsync("feed.xml"));
        var ids = feed.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList();
        var newest = results.AsEnumerable().Reverse().Take(50).Select(r => r.Urls.Notice.AbsoluteUri).ToList();
        Assert.Equal(newest, ids);
        var index = await container.TextAsync("index.html");
        Assert.Equal(50, Count(index, "<li><span class=\"when\">"));
        Assert.DoesNotContain(results[0].Paths.Notice, index);
        Assert.Contains("<a href=\"years/2024/index.html\">2024年度</a>", index);
        Assert.Contains("<a href=\"months/2026-11/index.html\">2026年11月</a>", index);
        var archive = string.Concat(await Task.WhenAll((await container.SnapshotAsync()).Keys
            .Where(k => k.StartsWith("months/2026-11/p", StringComparison.Ordinal) && k.EndsWith(".html", StringComparison.Ordinal))
            .Select(container.TextAsync)));
        Assert.All(results, r => Assert.Equal(1, Count(archive, $"href=\"{SiteLayout.Href(r.Paths.Notice)}\"")));
        Assert.True((await container.GetBlobClient("recent.json").GetPropertiesAsync()).Value.ContentLength < 20_000, "recent.json stays small");
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task The_sitemap_is_an_index_over_bounded_sitemaps_and_robots_txt_points_at_it()
    {
        var name = AzuriteFixture.UniqueName("sitemap");
        var results = new List<PublishResult>();
        for (var i = 1; i <= 6; i++) results.Add(await Site(name, pages: 3).PublishAsync(TestReports.Create(body: Body(i), year: 2022 + i % 2)));
        var container = fixture.BlobService.GetBlobContainerClient(name);
        var root = container.Uri.AbsoluteUri + "/";

        Assert.Equal($"User-agent: *\nAllow: /\nSitemap: {root}sitemap.xml\n", await container.TextAsync("robots.txt"));
        var index = XDocument.Parse(await container.TextAsync("sitemap.xml"));
        Assert.Equal(Sm + "sitemapindex", index.Root!.Name);
        var sitemaps = index.Root.Elements(Sm + "sitemap").Select(s => s.Element(Sm + "loc")!.Value).ToList();
        // One sitemap per report year (its root catalogue pages), and the listings'.
        Assert.Equal(new[] { $"{root}sitemaps/2022.xml", $"{root}sitemaps/2023.xml", $"{root}sitemaps/listings.xml" }, sitemaps.Order(StringComparer.Ordinal));
        var urls = new List<string>();
        foreach (var loc in sitemaps)
        {
            var set = XDocument.Parse(await container.TextAsync(loc[root.Length..]));
            Assert.Equal(Sm + "urlset", set.Root!.Name);
            urls.AddRange(set.Root.Elements(Sm + "url").Select(u => u.Element(Sm + "loc")!.Value));
        }
        Assert.Equal(urls.Count, urls.Distinct().Count());
        // Every root page of each year's catalogue (here none split), and through them every body page and notice, one link away.
        foreach (var r in results)
        {
            var page = $"{root}years/{r.Year}/{SiteLayout.PageName(SiteLayout.PageOf(r.Slug, 3))}.html";
            Assert.Contains(page, urls);
            var html = await container.TextAsync(page[root.Length..]);
            Assert.Contains($"href=\"{SiteLayout.Href(r.Paths.Notice)}\"", html);
            Assert.Contains($"href=\"{SiteLayout.Href(SiteLayout.BodyPage(r.Slug))}\"", html);
        }
        Assert.Equal(results.Select(r => (r.Year, SiteLayout.PageOf(r.Slug, 3))).Distinct().Count() + 2 + 1, urls.Count);
        Assert.Contains($"{root}index.html", urls);
        Assert.Contains($"{root}years/2023/index.html", urls);
    }

    [Fact]
    public async Task Bodies_published_at_once_onto_shared_pages_are_all_listed_everywhere()
    {
        var name = AzuriteFixture.UniqueName("burst");
        var bodies = Enumerable.Range(1, 24).ToList();
        // Two pages per catalogue: a dozen publications contend on each page and on the recent list.
        // As 24 instances would: each its own caches (no batching of their writes), all of them holding after reading
        // recent.json until every one has read it, so at least 23 of their conditional writes must lose and retry.
        var together = new Rendezvous(PublishSteps.Recent, bodies.Count);
        var publishers = bodies.Select(i => new SitePublisher(fixture.BlobService,
            Options.Create(new PublishingOptions { ContainerName = name, CataloguePageCount = 2 }), new FixedClock(At.AddSeconds(i)), logger: null,
            together, new SiteCaches())).ToList();

        var results = await Task.WhenAll(bodies.Select(i =>
            Task.Run(() => publishers[i - 1].PublishAsync(TestReports.Create(body: Body(i), year: 2023 + i % 2)))));

        Assert.All(results, r => Assert.Equal(PublishOutcome.Published, r.Outcome));
        var container = fixture.BlobService.GetBlobContainerClient(name);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
        var all = await publishers[0].GetManifestAsync();
        Assert.Equal(24, all.Publications.Count);
        Assert.Equal(24, all.Generation);
        var retries = publishers.Sum(p => p.Stats.ETagRetries);
        Assert.True(retries >= bodies.Count - 1, $"{retries} ETag retries for {bodies.Count} publications that all read recent.json before writing it");
    }

    /// <summary>Holds every publisher before one step (after its read, before its conditional write) until all have reached it.</summary>
    private sealed class Rendezvous(string step, int count) : IPublishFaults
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task BeforeStepAsync(string name, CancellationToken cancellationToken)
        {
            if (name != step) return;
            if (Interlocked.Increment(ref _arrived) == count) _all.SetResult();
            await _all.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
    }

    [Fact]
    public async Task Rebuild_upgrades_a_site_in_the_global_manifest_layout_and_lists_a_complete_version_no_manifest_had()
    {
        var name = AzuriteFixture.UniqueName("legacy");
        var results = new List<PublishResult>();
        for (var i = 1; i <= 5; i++) results.Add(await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i), year: 2023 + i % 2)));
        results.Add(await Site(name, new FixedClock(At.AddDays(1))).PublishAsync(TestReports.Create(body: Body(1), year: 2024, overview: "更正。"), "v2"));
        var container = fixture.BlobService.GetBlobContainerClient(name);
        var publications = (await Site(name).GetManifestAsync()).Publications;
        // Today's layout: one global manifest.json and the old listings; no per-body records or catalogues.
        await ToLegacyLayoutAsync(container, new SiteManifest(publications.Count, At.AddDays(1), publications));
        // And a publication that crashed after its notice: its files are whole but no manifest lists it.
        await Assert.ThrowsAsync<IOException>(() => Site(name, new FixedClock(At.AddDays(2)), faults: CrashOnceAt.IOError(PublishSteps.Manifest))
            .PublishAsync(TestReports.Create(body: Body(9))));

        var result = await new SiteRebuilder(Site(name), new FixedClock(At.AddDays(3))).RebuildAsync();

        Assert.Equal((6, 7, 2, 2, true, 1), (result.Bodies, result.Publications, result.Years, result.Months, result.LegacyManifestUpgraded, result.UnlistedVersionsAdded));
        Assert.False(await container.GetBlobClient("manifest.json").ExistsAsync());
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
        var rebuilt = await Site(name).GetManifestAsync();
        Assert.Equal(publications.Count + 1, rebuilt.Publications.Count);
        foreach (var e in publications) Assert.Contains(e, rebuilt.Publications);
        var crashed = Assert.Single(rebuilt.Publications, e => e.Body == Body(9));
        Assert.Equal((1, PublicationKind.Publish, At.AddDays(2)), (crashed.Version, crashed.Kind, crashed.PublishedAt.ToUniversalTime()));
        Assert.Equal(Sha256.Hex(TestReports.FakePdf()), crashed.PdfSha256);
        Assert.Contains("关于更正《", await container.TextAsync($"bodies/{results[^1].Slug}/index.html"));

        // The upgraded site publishes as usual: a further correction is version 3 and nothing is written twice by a second rebuild's listing.
        var third = await Site(name, new FixedClock(At.AddDays(4))).PublishAsync(TestReports.Create(body: Body(1), year: 2024, overview: "再次更正。"), "v3");
        Assert.Equal((PublishOutcome.Corrected, 3), (third.Outcome, third.Version));
        Assert.Equal(PublishOutcome.Unchanged, (await Site(name).PublishAsync(TestReports.Create(body: Body(9)))).Outcome);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    [Fact]
    public async Task Rebuild_repairs_a_deleted_catalogue_page_and_index()
    {
        var name = AzuriteFixture.UniqueName("repair");
        var first = await Site(name).PublishAsync(TestReports.Create());
        var container = fixture.BlobService.GetBlobContainerClient(name);
        var page = $"years/2024/{SiteLayout.PageName(SiteLayout.PageOf(first.Slug, 64))}.html";
        await container.GetBlobClient(page).DeleteAsync();
        await container.GetBlobClient("index.html").UploadAsync(new BinaryData("broken"), overwrite: true);

        await new SiteRebuilder(Site(name), new FixedClock(At.AddDays(1))).RebuildAsync();

        Assert.Contains(first.Paths.Notice, await container.TextAsync(page));
        Assert.Contains(first.Paths.Notice, await container.TextAsync("index.html"));
        Assert.Empty(await SiteIntegrity.ProblemsAsync(container));
    }

    /// <summary>Rewrites a site as the earlier layout left it: the global manifest.json, index and feed, nothing per body.</summary>
    private static async Task ToLegacyLayoutAsync(BlobContainerClient container, SiteManifest manifest)
    {
        await foreach (var item in container.GetBlobsAsync())
        {
            if (!item.Name.StartsWith("reports/", StringComparison.Ordinal) && item.Name is not ("site.css" or "index.html" or "feed.xml"))
                await container.GetBlobClient(item.Name).DeleteAsync();
        }
        await container.GetBlobClient("manifest.json").UploadAsync(new BinaryData(manifest.ToJson()));
    }

    [Fact]
    public void No_listing_page_passes_200_KB_at_its_design_load()
    {
        // The design load of a page (PublishingOptions.CataloguePageCount): 400 rows of 21-character names, corrections included.
        var rows = Enumerable.Range(0, PublishingOptions.PageRowsDesignLoad).Select(i => new ListingRow(
            $"山东省枣庄市山亭区第{i:D5}号镇人民政府", SiteSlug.ForBody($"山东省枣庄市山亭区第{i:D5}号镇人民政府"),
            2024, 1 + i % 3, At.AddMinutes(i), i % 3 == 0 ? PublicationKind.Publish : PublicationKind.Correction)).ToValueList();
        var record = new PageRecord(1, rows);
        var sizes = new Dictionary<string, int>
        {
            ["year page"] = System.Text.Encoding.UTF8.GetByteCount(YearCatalogue.RenderPage(CataloguePageModel.Year(CatalogueKey.Year(2024), record))),
            ["month page"] = System.Text.Encoding.UTF8.GetByteCount(MonthArchive.RenderPage(CataloguePageModel.Month(CatalogueKey.Month("2025-01"), record))),
        };
        var recent = rows.Take(RecentList.Capacity).Aggregate(RecentList.Empty, (r, row) =>
            r.With(NoticeTimeZoneTests.Entry(row.PublishedAt) with { Body = row.Body, Slug = row.Slug, Title = $"{row.Body}2024年政府信息公开工作年度报告" }, At)!);
        sizes["index"] = System.Text.Encoding.UTF8.GetByteCount(IndexPage.Render(IndexPageModel.From(recent)));
        sizes["feed"] = AtomFeed.Render(FeedModel.From(recent, new Uri("https://reports.example.gov.cn/site/"))).Length;

        Assert.Equal(RecentList.Capacity, recent.Entries.Count);
        Assert.All(sizes, s => Assert.True(s.Value < 200 * 1024, $"{s.Key}: {s.Value / 1024} KiB"));
        Assert.True(sizes.Values.Max() > 120 * 1024, $"the test must be near the limit to mean anything: {string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value / 1024} KiB"))}");
    }
}
