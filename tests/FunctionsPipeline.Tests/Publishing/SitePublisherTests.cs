using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Tests.Publishing;

[Collection(AzuriteCollection.Name)]
public sealed class SitePublisherTests(AzuriteFixture fixture)
{
    private (SitePublisher Publisher, Azure.Storage.Blobs.BlobContainerClient Container) NewSite(IPublishFaults? faults = null, TimeProvider? clock = null)
    {
        var name = AzuriteFixture.UniqueName("site");
        var publisher = Publisher(fixture.BlobService, name, clock, faults);
        return (publisher, publisher.Container);
    }

    [Fact]
    public async Task A_first_publication_writes_every_file_with_its_content_type_and_cache_control()
    {
        var (publisher, container) = NewSite();

        var result = await publisher.PublishAsync(TestReports.Create());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(1, result.Version);
        var page = SiteLayout.PageName(SiteLayout.PageOf(result.Slug, new PublishingOptions().CataloguePageCount));
        const string html = "text/html; charset=utf-8", json = "application/json; charset=utf-8", xml = "application/xml; charset=utf-8";
        var expected = new Dictionary<string, (string Type, string Cache)>
        {
            [result.Paths.Pdf] = ("application/pdf", "public, max-age=3600"),
            [result.Paths.Ofd!] = ("application/ofd", "public, max-age=3600"),
            [result.Paths.Html] = (html, "public, max-age=3600"),
            // A notice may still change (a withdrawal marks it 已撤回): revalidated, never immutable.
            [result.Paths.Notice] = (html, "no-cache"),
            [result.Paths.Report] = (json, "public, max-age=3600"),
            ["index.html"] = (html, "no-cache"),
            ["feed.xml"] = ("application/atom+xml; charset=utf-8", "no-cache"),
            ["recent.json"] = (json, "no-cache"),
            [$"bodies/{result.Slug}/manifest.json"] = (json, "no-cache"),
            [$"bodies/{result.Slug}/index.html"] = (html, "no-cache"),
            ["years/2024/index.html"] = (html, "no-cache"),
            ["years/2024/pages.json"] = (json, "no-cache"),
            [$"years/2024/{page}.json"] = (json, "no-cache"),
            [$"years/2024/{page}.html"] = (html, "no-cache"),
            ["months/2026-11/index.html"] = (html, "no-cache"),
            ["months/2026-11/pages.json"] = (json, "no-cache"),
            [$"months/2026-11/{page}.json"] = (json, "no-cache"),
            [$"months/2026-11/{page}.html"] = (html, "no-cache"),
            ["sitemaps/2024.xml"] = (xml, "no-cache"),
            ["sitemaps/listings.xml"] = (xml, "no-cache"),
            ["sitemap.xml"] = (xml, "no-cache"),
            ["robots.txt"] = ("text/plain; charset=utf-8", "public, max-age=3600"),
            ["site.css"] = ("text/css; charset=utf-8", "public, max-age=3600"),
            ["years/2024/labels.json"] = (json, "no-cache"),
            ["months/2026-11/labels.json"] = (json, "no-cache"),
            [$"years/2024/labels-{page}.json"] = (json, "no-cache"),
            [$"months/2026-11/labels-{page}.json"] = (json, "no-cache"),
            [SearchScript.FileName] = ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
            [SiteSearch.NameShard(SiteSearch.IdOf(result.Slug))] = (json, "no-cache"),
            // The open data: this body's file, and the year's combined files and the schema, which did not exist yet (empty until the timer's round).
            [DataLayout.Body(2024, result.Slug)] = (json, "no-cache"),
            [DataLayout.Csv(2024)] = ("text/csv; charset=utf-8", "no-cache"),
            [DataLayout.Json(2024)] = (json, "no-cache"),
            [DataLayout.Schema] = (json, "no-cache"),
        };
        // The name search: one shard per distinct bigram hash of the body's name.
        foreach (var shard in SiteSearch.Bigrams(SiteSearch.Normalize(result.Body)).Select(SiteSearch.GramShard).Distinct()) expected[shard] = (json, "no-cache");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), (await container.SnapshotAsync()).Keys.Order(StringComparer.Ordinal));
        foreach (var (path, (type, cache)) in expected)
        {
            var props = (await container.GetBlobClient(path).GetPropertiesAsync()).Value;
            Assert.True(type == props.ContentType, $"{path}: Content-Type {props.ContentType}");
            Assert.True(cache == props.CacheControl, $"{path}: Cache-Control {props.CacheControl}");
        }
        Assert.Matches("^reports/山亭区西集镇人民政府-[0-9a-f]{8}/2024/v1/report.pdf$", result.Paths.Pdf);
        Assert.Equal(result.Paths.Pdf[..^".pdf".Length] + ".ofd", result.Paths.Ofd);
    }

    [Fact]
    public async Task The_published_pages_are_served_anonymously_from_their_URLs()
    {
        var (publisher, _) = NewSite();
        var result = await publisher.PublishAsync(TestReports.Create());
        using var http = new HttpClient();

        foreach (var url in new[] { result.Urls.Notice, result.Urls.Html, result.Urls.Pdf, result.Urls.Index, result.Urls.Feed, result.Urls.Manifest })
        {
            using var response = await http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        }
        var notice = await http.GetStringAsync(result.Urls.Notice);
        Assert.Contains("关于发布《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告", notice);
        Assert.StartsWith(publisher.Container.Uri.AbsoluteUri + "/reports/%E5%B1%B1", result.Urls.Pdf.AbsoluteUri);
    }

    [Fact]
    public async Task The_manifest_entry_records_body_year_version_time_kind_paths_and_hashes()
    {
        var (publisher, container) = NewSite();
        var report = TestReports.Create();

        var result = await publisher.PublishAsync(report);

        var json = await container.TextAsync($"bodies/{result.Slug}/manifest.json");
        Assert.Contains("\"publishedAt\": \"2026-11-29T17:20:00+08:00\"", json);
        var manifest = SiteManifest.FromJson(System.Text.Encoding.UTF8.GetBytes(json));
        var entry = Assert.Single(manifest.Publications);
        Assert.Equal((report.Body, 2024, 1, PublicationKind.Publish), (entry.Body, entry.Year, entry.Version, entry.Kind));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 17, 20, 0, TimeSpan.FromHours(8)), entry.PublishedAt);
        Assert.Equal(TimeSpan.FromHours(8), entry.PublishedAt.Offset);
        Assert.Equal((result.Paths.Pdf, result.Paths.Html, result.Paths.Notice), (entry.Pdf, entry.Html, entry.Notice));
        Assert.Equal(Sha256.Hex(TestReports.FakePdf()), entry.PdfSha256);
        Assert.Equal((result.Paths.Ofd, Sha256.Hex(TestReports.FakeOfd()), (long?)TestReports.FakeOfd().Length), (entry.Ofd, entry.OfdSha256, entry.OfdBytes));
        Assert.Equal(ReportJson.ContentHash(report), entry.ContentSha256);
        using var doc = JsonDocument.Parse(json);
        var raw = doc.RootElement.GetProperty("publications")[0];
        foreach (var field in new[] { "body", "year", "version", "publishedAt", "kind", "pdf", "html", "notice", "pdfSha256", "contentSha256", "ofd", "ofdSha256", "ofdBytes" })
            Assert.True(raw.TryGetProperty(field, out _), $"manifest entry lacks {field}");
    }

    [Fact]
    public async Task The_notice_shows_the_title_time_links_size_hash_and_a_visual_summary()
    {
        var (publisher, container) = NewSite();
        var result = await publisher.PublishAsync(TestReports.Create());

        var notice = await container.TextAsync(result.Paths.Notice);

        Assert.Contains("<h1>关于发布《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告</h1>", notice);
        Assert.Contains("发布时间：<time datetime=\"2026-11-29T17:20:00+08:00\">2026年11月29日 17:20</time>", notice);
        Assert.Contains("<a href=\"report.pdf\">下载PDF版</a>", notice);
        Assert.Contains("<a href=\"report.html\">在线阅读网页版</a>", notice);
        Assert.Contains($"{TestReports.FakePdf().Length} 字节", notice);
        Assert.Contains(Sha256.Hex(TestReports.FakePdf()), notice);
        Assert.Contains("<a href=\"report.ofd\">下载OFD版</a>", notice);
        Assert.Contains($"{TestReports.FakeOfd().Length} 字节", notice);
        Assert.Contains(Sha256.Hex(TestReports.FakeOfd()), notice);
        Assert.Equal(2, PublishingTestKit.Count(notice, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
        Assert.Contains("本年新收政府信息公开申请（共16件），按申请人类型：自然人12件，商业企业3件，科研机构1件", notice);
        Assert.Contains("本年度申请办理结果（件）：予以公开10件，部分公开2件，不予公开1件，无法提供3件，不予处理1件，其他处理0件，结转下年度1件", notice);
        Assert.DoesNotContain("<script", PublishingTestKit.WithoutJsonLd(notice));
        Assert.Equal(1, PublishingTestKit.Count(notice, "<script"));
    }

    [Fact]
    public async Task Publishing_identical_data_again_is_unchanged_and_writes_nothing()
    {
        var (publisher, container) = NewSite();
        var first = await publisher.PublishAsync(TestReports.Create());
        var before = await container.SnapshotAsync();

        var again = await Publisher(fixture.BlobService, container.Name, new FixedClock(At.AddDays(3))).PublishAsync(TestReports.Create(), "other pdf bytes");

        Assert.Equal(PublishOutcome.Unchanged, again.Outcome);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.PublishedAt, again.PublishedAt);
        Assert.Equal(first.Paths, again.Paths);
        Assert.Equal(before, await container.SnapshotAsync());
    }

    [Fact]
    public async Task Different_data_publishes_a_correction_listing_each_changed_cell_and_keeps_the_old_version()
    {
        var (publisher, container) = NewSite();
        var original = TestReports.Create();
        var first = await publisher.PublishAsync(original);
        var corrected = TestReports.Create(
            tableB: (r, c) => (r, c) switch
            {
                (TableBRow.Granted, ApplicantColumn.NaturalPerson) => 7,
                (TableBRow.PartiallyGranted, ApplicantColumn.NaturalPerson) => 3,
                _ => TestReports.DefaultTableB(r, c),
            },
            overview: "2024年，西集镇人民政府依法做好政府信息公开工作（更正后）。");
        var later = Publisher(fixture.BlobService, container.Name, new FixedClock(At.AddDays(2).AddHours(1)));

        var second = await later.PublishAsync(corrected, "v2");

        Assert.Equal(PublishOutcome.Corrected, second.Outcome);
        Assert.Equal(2, second.Version);
        Assert.NotEqual(first.Paths.Pdf, second.Paths.Pdf);
        Assert.Equal(TestReports.FakePdf("v1"), (await container.GetBlobClient(first.Paths.Pdf).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains("关于发布《", await container.TextAsync(first.Paths.Notice));

        var notice = await container.TextAsync(second.Paths.Notice);
        Assert.Contains("<span class=\"kind\">更正公告</span>关于更正《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告", notice);
        Assert.Contains("2026年12月1日 18:20", notice);
        Assert.Contains("<th scope=\"row\" class=\"row left\">（一）予以公开 / 自然人</th><td class=\"old\">8</td><td class=\"new\">7</td>", notice);
        Assert.Contains("<th scope=\"row\" class=\"row left\">（二）部分公开（区分处理的，只计这一情形，不计其他情形） / 自然人</th><td class=\"old\">2</td><td class=\"new\">3</td>", notice);
        Assert.Contains("<li>一、总体情况</li>", notice);
        Assert.DoesNotContain("<li>五、存在的主要问题及改进情况</li>", notice);
        Assert.Contains("<a href=\"../v1/notice.html\">原公告</a>", notice);
        Assert.NotNull(second.Changes);
        Assert.Equal(2, second.Changes!.Values.Count(v => v.Section == NationalFormat.Section3 && v.Label.EndsWith("/ 自然人", StringComparison.Ordinal)));

        var manifest = await publisher.GetManifestAsync();
        Assert.Equal([(1, PublicationKind.Publish), (2, PublicationKind.Correction)], manifest.Publications.Select(p => (p.Version, p.Kind)));
        var index = await container.TextAsync("index.html");
        Assert.True(index.IndexOf("关于更正《", StringComparison.Ordinal) < index.IndexOf("关于发布《", StringComparison.Ordinal), "newest first");
        Assert.Equal(corrected, await publisher.GetLatestAsync(original.Body, 2024));
    }

    [Fact]
    public async Task Ten_bodies_published_at_once_are_each_listed_exactly_once()
    {
        var name = AzuriteFixture.UniqueName("race");
        var bodies = Enumerable.Range(1, 10).Select(i => $"第{i}街道办事处").ToList();

        // Separate publishers, as separate function instances would be.
        var results = await Task.WhenAll(bodies.Select(body =>
            Task.Run(() => Publisher(fixture.BlobService, name).PublishAsync(TestReports.Create(body: body)))));

        Assert.All(results, r => Assert.Equal(PublishOutcome.Published, r.Outcome));
        var container = fixture.BlobService.GetBlobContainerClient(name);
        foreach (var r in results)
        {
            var own = SiteManifest.FromJson((await container.GetBlobClient($"bodies/{r.Slug}/manifest.json").DownloadContentAsync()).Value.Content.ToArray());
            Assert.Equal(r.Body, Assert.Single(own.Publications).Body);
            Assert.Equal(1, own.Generation);
        }
        var manifest = await Publisher(fixture.BlobService, name).GetManifestAsync();
        Assert.Equal(bodies.Order(), manifest.Publications.Select(p => p.Body).Order());
        Assert.Equal(10, manifest.Generation);
        var index = await container.TextAsync("index.html");
        var feed = await container.TextAsync("feed.xml");
        foreach (var r in results)
        {
            Assert.Equal(1, PublishingTestKit.Count(index, $">关于发布《{r.Body}2024年政府信息公开工作年度报告》的公告</a>"));
            Assert.Equal(1, PublishingTestKit.Count(feed, $"<id>{r.Urls.Notice.AbsoluteUri}</id>"));
        }
    }

    [Fact]
    public async Task Two_different_versions_of_one_report_published_at_once_get_different_version_numbers()
    {
        var (publisher, container) = NewSite();
        var a = TestReports.Create(overview: "版本甲");
        var b = TestReports.Create(overview: "版本乙");

        var results = await Task.WhenAll(
            Task.Run(() => Publisher(fixture.BlobService, container.Name).PublishAsync(a)),
            Task.Run(() => Publisher(fixture.BlobService, container.Name).PublishAsync(b)));

        Assert.Equal([1, 2], results.Select(r => r.Version).Order());
        var manifest = await publisher.GetManifestAsync();
        Assert.Equal([1, 2], manifest.Publications.Select(p => p.Version).Order());
        Assert.NotEqual(manifest.Publications[0].ContentSha256, manifest.Publications[1].ContentSha256);
    }

    [Fact]
    public async Task Two_deliveries_of_the_same_data_with_different_PDF_bytes_publish_one_version_whose_listed_hash_matches_the_served_PDF()
    {
        // A duplicate delivery renders the PDF again at another time: other bytes, same data.
        var (publisher, container) = NewSite();
        var report = TestReports.Create();

        var results = await Task.WhenAll(
            Task.Run(() => Publisher(fixture.BlobService, container.Name).PublishAsync(report, pdfMarker: "first render")),
            Task.Run(() => Publisher(fixture.BlobService, container.Name, new FixedClock(At.AddMinutes(1))).PublishAsync(report, pdfMarker: "second render")));

        Assert.All(results, r => Assert.Equal(1, r.Version));
        var entry = Assert.Single((await publisher.GetManifestAsync()).Publications);
        var served = (await container.GetBlobClient(entry.Pdf).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(entry.PdfSha256, Sha256.Hex(served));
        Assert.Equal(entry.PdfBytes, served.LongLength);
        var notice = await container.TextAsync(entry.Notice);
        Assert.Contains(entry.PdfSha256, notice);
        Assert.Contains(NoticeTime(entry.PublishedAt), notice);
    }

    [Fact]
    public async Task A_retry_after_a_crash_keeps_the_publication_time_of_the_claimed_version()
    {
        var (crashing, container) = NewSite(CrashOnceAt.IOError(PublishSteps.Notice));
        var report = TestReports.Create();
        await Assert.ThrowsAsync<IOException>(() => crashing.PublishAsync(report, pdfMarker: "first render"));

        var retry = await Publisher(fixture.BlobService, container.Name, new FixedClock(At.AddMinutes(5))).PublishAsync(report, pdfMarker: "retry render");

        Assert.Equal(ChinaTime.ToChina(At), retry.PublishedAt);
        var entry = Assert.Single((await crashing.GetManifestAsync()).Publications);
        var served = (await container.GetBlobClient(entry.Pdf).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(entry.PdfSha256, Sha256.Hex(served));
    }

    public static TheoryData<string> Steps => new(PublishSteps.InOrder);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_before_any_step_followed_by_a_retry_lists_the_publication_exactly_once(string step)
    {
        var crash = CrashOnceAt.IOError(step);
        var (crashing, container) = NewSite(crash);
        var report = TestReports.Create();

        await Assert.ThrowsAsync<IOException>(() => crashing.PublishAsync(report));
        var retry = await Publisher(fixture.BlobService, container.Name, new FixedClock(At.AddMinutes(5))).PublishAsync(report);

        Assert.Contains(step, crash.Seen);
        Assert.Equal(1, retry.Version);
        var manifest = await crashing.GetManifestAsync();
        var entry = Assert.Single(manifest.Publications);
        var index = await container.TextAsync("index.html");
        Assert.Equal(1, PublishingTestKit.Count(index, ">关于发布《山亭区西集镇人民政府2024年政府信息公开工作年度报告》的公告</a>"));
        Assert.Equal(1, PublishingTestKit.Count(await container.TextAsync("feed.xml"), "<entry>"));
        foreach (var path in new[] { entry.Pdf, entry.Ofd!, entry.Html, entry.Notice, entry.Report, "site.css" })
            Assert.True(await container.GetBlobClient(path).ExistsAsync(), $"{path} missing after retry");
        Assert.Equal(entry.OfdSha256, Sha256.Hex((await container.GetBlobClient(entry.Ofd!).DownloadContentAsync()).Value.Content.ToArray()));
        Assert.Contains(NoticeTime(entry.PublishedAt), await container.TextAsync(entry.Notice));
    }

    private static string NoticeTime(DateTimeOffset t) => $"<time datetime=\"{ChinaTime.FormatIso(t)}\">";

    [Fact]
    public async Task Script_and_markup_in_every_text_field_never_reach_the_pages_as_markup()
    {
        const string attack = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
        var (publisher, container) = NewSite();
        var report = TestReports.Create(body: "恶意机关" + attack, text: attack);

        var first = await publisher.PublishAsync(report);
        var second = await publisher.PublishAsync(report with { Contact = report.Contact with { Phone = attack + "2" } }, "v2");

        Assert.DoesNotContain("/", first.Slug);
        var page = SiteLayout.PageName(SiteLayout.PageOf(first.Slug, new PublishingOptions().CataloguePageCount));
        foreach (var path in new[] { first.Paths.Html, first.Paths.Notice, second.Paths.Notice, "index.html", "feed.xml", $"bodies/{first.Slug}/manifest.json",
                     $"bodies/{first.Slug}/index.html", $"years/2024/{page}.html", $"months/2026-11/{page}.html", "sitemaps/2024.xml" })
        {
            // The site's own search script (fixed name and hash) is the only script tag a page may carry; JSON-LD blocks are data.
            var text = PublishingTestKit.WithoutJsonLd(WithoutSiteScript(await container.TextAsync(path)));
            Assert.False(text.Contains("<script", StringComparison.OrdinalIgnoreCase), $"{path} carries a script tag");
            Assert.False(text.Contains("<img", StringComparison.OrdinalIgnoreCase), $"{path} carries an img tag");
        }
        var notice = await container.TextAsync(second.Paths.Notice);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", notice);
        Assert.Contains("<td class=\"new\">&lt;script&gt;", notice);
    }

    [Fact]
    public async Task The_latest_report_of_a_year_and_of_an_earlier_year_are_read_back_as_published()
    {
        var (publisher, _) = NewSite();
        var y2023 = TestReports.Create(year: 2023);
        var y2024 = TestReports.Create(year: 2024);
        await publisher.PublishAsync(y2023);
        await publisher.PublishAsync(y2024);

        Assert.Equal(y2024, await publisher.GetLatestAsync(TestReports.SeedBody, 2024));
        Assert.Equal(y2023, await publisher.GetLatestForBodyAsync(TestReports.SeedBody, beforeYear: 2024));
        Assert.Null(await publisher.GetLatestForBodyAsync(TestReports.SeedBody, beforeYear: 2023));
        Assert.Null(await publisher.GetLatestAsync("别的机关", 2024));
    }

    [Fact]
    public async Task The_site_container_is_created_with_blob_level_public_access()
    {
        var (publisher, container) = NewSite();

        await publisher.PublishAsync(TestReports.Create());

        Assert.Equal(PublicAccessType.Blob, (await container.GetPropertiesAsync()).Value.PublicAccess);
    }
}
