using System.Globalization;
using System.Text.Json.Nodes;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Finding a body by part of its name (issue #13): the static index on Azurite, and the script in a real Chromium.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteSearchTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    private SitePublisher Site(string container, TimeProvider? clock = null) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container }), clock ?? new FixedClock(At), logger: null);

    private static string Body(int i) => string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处");

    [Fact]
    public async Task Typing_part_of_a_name_in_Chromium_finds_the_body_and_leads_to_its_page()
    {
        var name = AzuriteFixture.UniqueName("find");
        var seed = await Site(name).PublishAsync(TestReports.Create());
        for (var i = 1; i <= 5; i++) await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i)));
        // A bigram named by more bodies than the index keeps becomes a stop bigram (here from made-up ids: hundreds of bodies are many to publish).
        var store = Site(name).Listings.Store;
        await store.UpdateAsync<GramShard>(SiteSearch.GramShard("办事"),
            s => (s ?? new GramShard()).WithIds(Enumerable.Range(0, SiteSearch.StopAfter + 1).Select(i => ("办事", i.ToString("x8", CultureInfo.InvariantCulture)))),
            () => Task.CompletedTask, CancellationToken.None);
        var root = Site(name).Container.Uri.AbsoluteUri + "/";

        await using var page = await ChromiumPage.OpenAsync();
        await page.NavigateAsync(new Uri(root + "index.html"));
        // The script ran under the page's CSP (which allows only its hash) and showed the box.
        await page.WaitForAsync("!document.getElementById('find-body').hidden");

        await page.TypeAsync("#find-body-q", "西集");
        await page.WaitForAsync("document.querySelectorAll('#find-body-results a').length > 0");
        var links = (await page.EvaluateAsync("[...document.querySelectorAll('#find-body-results a')].map(a => [a.textContent, decodeURIComponent(a.href)])"))!.AsArray();
        var link = Assert.Single(links)!.AsArray();
        Assert.Equal(TestReports.SeedBody, (string)link[0]!);
        Assert.Equal(root + SiteLayout.BodyPage(seed.Slug), (string)link[1]!);
        Assert.Equal("找到1个机关：", await StatusAsync(page));

        await page.TypeAsync("#find-body-q", "西");
        await page.WaitForAsync("document.getElementById('find-body-status').textContent.startsWith('请至少输入两个字')");
        Assert.Equal(0, (await page.EvaluateAsync("document.querySelectorAll('#find-body-results li').length"))!.GetValue<int>());

        await page.TypeAsync("#find-body-q", "东湖");
        await page.WaitForAsync("document.getElementById('find-body-status').textContent.startsWith('没有找到')");
        Assert.Equal("没有找到名称中含有“东湖”的机关。", await StatusAsync(page));

        await page.TypeAsync("#find-body-q", "办事");
        await page.WaitForAsync("document.getElementById('find-body-status').textContent.includes('过于常见')");

        // Stop bigrams are skipped, the rest of the query still finds (and the names are checked in full).
        await page.TypeAsync("#find-body-q", "第003街道办事处");
        await page.WaitForAsync("document.querySelectorAll('#find-body-results a').length > 0");
        Assert.Equal(Body(3), (await page.EvaluateAsync("document.querySelector('#find-body-results a').textContent"))!.GetValue<string>());
        Assert.Equal(1, (await page.EvaluateAsync("document.querySelectorAll('#find-body-results a').length"))!.GetValue<int>());

        // Following the link opens the body's page.
        await page.EvaluateAsync("document.querySelector('#find-body-results a').click()");
        await page.WaitForAsync($"document.querySelector('h1') && document.querySelector('h1').textContent === '{Body(3)}'");

        // The year catalogue's index has the same box.
        await page.NavigateAsync(new Uri(root + CatalogueKey.Year(2024).Index));
        await page.WaitForAsync("!document.getElementById('find-body').hidden");
        await page.TypeAsync("#find-body-q", "山亭");
        await page.WaitForAsync("document.querySelectorAll('#find-body-results a').length === 1");
        // A full shard (its stop list at MaxStops) drops a stopped bigram without naming it: the script must treat a bigram
        // such a shard does not list as a stop bigram, not as "no body has it".
        await store.UpdateAsync<GramShard>(SiteSearch.GramShard("街道"), s => new GramShard
        {
            Generation = s!.Generation + 1, Stop = s.Stop, Full = true,
            Grams = new SortedDictionary<string, List<string>>(s.Grams.Where(p => p.Key != "街道").ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        }, () => Task.CompletedTask, CancellationToken.None);
        await page.TypeAsync("#find-body-q", "第002街道");
        await page.WaitForAsync("document.getElementById('find-body-status').textContent.startsWith('没有找到') || " +
                                $"(document.querySelector('#find-body-results a') && document.querySelector('#find-body-results a').textContent === '{Body(2)}')");
        Assert.Equal("找到1个机关：", await StatusAsync(page));
    }

    [Fact]
    public async Task Without_script_the_box_stays_hidden_and_the_lists_lead_to_every_body()
    {
        var name = AzuriteFixture.UniqueName("noscript");
        var slugs = new List<string>();
        for (var i = 1; i <= 4; i++) slugs.Add((await Site(name, new FixedClock(At.AddMinutes(i))).PublishAsync(TestReports.Create(body: Body(i)))).Slug);
        var root = Site(name).Container.Uri.AbsoluteUri + "/";

        await using var page = await ChromiumPage.OpenAsync(390, 900);
        await page.SetScriptingAsync(false);
        await page.NavigateAsync(new Uri(root + "index.html"));
        Assert.True((await page.EvaluateAsync("document.getElementById('find-body').hidden"))!.GetValue<bool>());
        Assert.True((await page.EvaluateAsync("getComputedStyle(document.getElementById('find-body')).display === 'none'"))!.GetValue<bool>());
        // Index → year catalogue → its pages → every body page, by following links as a reader would.
        var reached = new HashSet<string>();
        var yearIndex = (await page.EvaluateAsync("[...document.querySelectorAll('ul.years a')].map(a => a.href)"))!.AsArray().Select(n => (string)n!).Single();
        await page.NavigateAsync(new Uri(yearIndex));
        var pages = (await page.EvaluateAsync("[...document.querySelectorAll('ul.pages a')].map(a => a.href)"))!.AsArray().Select(n => (string)n!).ToList();
        Assert.NotEmpty(pages);
        foreach (var catalogue in pages)
        {
            await page.NavigateAsync(new Uri(catalogue));
            foreach (var href in (await page.EvaluateAsync("[...document.querySelectorAll('th a')].map(a => decodeURIComponent(a.href))"))!.AsArray()) reached.Add((string)href!);
        }
        Assert.Equal(slugs.Select(s => root + SiteLayout.BodyPage(s)).Order(StringComparer.Ordinal), reached.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_changes_the_index_once_and_a_retry_after_a_crash_completes_it()
    {
        var name = AzuriteFixture.UniqueName("findidx");
        var first = await Site(name).PublishAsync(TestReports.Create());
        var container = Site(name).Container;
        var grams = SiteSearch.Bigrams(SiteSearch.Normalize(first.Body)).Select(SiteSearch.GramShard).Distinct().ToList();
        var before = await container.SnapshotAsync();
        Assert.All(grams, g => Assert.Contains(g, before.Keys));

        // Another year of the same body: nothing under search/ changes.
        await Site(name, new FixedClock(At.AddDays(1))).PublishAsync(TestReports.Create(year: 2025));
        var after = await container.SnapshotAsync();
        Assert.Equal(before.Where(p => p.Key.StartsWith("search/", StringComparison.Ordinal)), after.Where(p => p.Key.StartsWith("search/", StringComparison.Ordinal)));

        // Lose the name shard (as if the publisher stopped before its last write): the next publication of the body repairs it.
        await container.GetBlobClient(SiteSearch.NameShard(SiteSearch.IdOf(first.Slug))).DeleteAsync();
        await Site(name, new FixedClock(At.AddDays(2))).PublishAsync(TestReports.Create(year: 2025));
        var names = await container.TextAsync(SiteSearch.NameShard(SiteSearch.IdOf(first.Slug)));
        Assert.Contains($"[\"{SiteSearch.IdOf(first.Slug)}\",\"{first.Body}\",\"\"]", names);

        // Rebuild writes the index from the manifests too.
        foreach (var g in grams) await container.GetBlobClient(g).DeleteIfExistsAsync();
        await new SiteRebuilder(Site(name), new FixedClock(At.AddDays(3))).RebuildAsync();
        foreach (var g in grams) Assert.Contains($"\"{SiteSearch.IdOf(first.Slug)}\"", await container.TextAsync(g));
    }

    [Fact]
    public void A_bigram_in_too_many_names_becomes_a_stop_bigram_and_a_shard_never_passes_its_limit()
    {
        var shard = new GramShard();
        shard.Add(Enumerable.Range(0, SiteSearch.StopAfter).Select(i => ("人民", i.ToString("x8", CultureInfo.InvariantCulture))));
        Assert.Equal(SiteSearch.StopAfter, shard.Grams["人民"].Count);
        shard.Add([("人民", "ffffffff"), ("西集", "0000abcd")]);
        Assert.DoesNotContain("人民", shard.Grams.Keys);
        Assert.Equal(["人民"], shard.Stop);
        Assert.Null(shard.WithIds([("人民", "fffffffe")]));

        // Many mid-sized bigrams in one shard: the largest ones are stopped until the file fits.
        var crowded = new GramShard();
        for (var g = 0; g < 60; g++)
        {
            crowded.Add(Enumerable.Range(0, 200 + g).Select(i => ($"{(char)('甲' + g)}乙", i.ToString("x8", CultureInfo.InvariantCulture))));
        }
        Assert.True(SiteSearch.Serialize(crowded).Length <= SiteSearch.ShardByteLimit);
        Assert.True(crowded.BoundBytes() >= SiteSearch.Serialize(crowded).Length, "the bound is an upper bound");
        Assert.Contains($"{(char)('甲' + 59)}乙", crowded.Stop);
        Assert.DoesNotContain($"{(char)('甲' + 0)}乙", crowded.Stop);
        Assert.True(crowded.Grams.Count > 30, "only as many bigrams stopped as needed");
    }

    [Fact]
    public void A_shards_stop_list_is_bounded_and_a_full_shard_takes_no_new_bigram()
    {
        var shard = new GramShard();
        string Id(int i) => i.ToString("x8", CultureInfo.InvariantCulture);
        for (var g = 0; g < SiteSearch.MaxStops + 40; g++)
        {
            var gram = $"{(char)('一' + g)}甲";
            shard.Add(Enumerable.Range(0, SiteSearch.StopAfter + 1).Select(i => (gram, Id(i))));
        }

        Assert.Equal(SiteSearch.MaxStops, shard.Stop.Count);
        Assert.True(shard.Full);
        Assert.Empty(shard.Grams);
        // A bigram stopped past the bound is not listed again with a partial list, nor is a new one.
        Assert.Null(shard.WithIds([($"{(char)('一' + SiteSearch.MaxStops + 5)}甲", Id(1)), ("新词", Id(2))]));
        Assert.True(SiteSearch.Serialize(shard).Length <= SiteSearch.ShardByteLimit);
        Assert.Contains("\"full\":true", System.Text.Encoding.UTF8.GetString(SiteSearch.Serialize(shard)), StringComparison.Ordinal);
        Assert.DoesNotContain("full", System.Text.Encoding.UTF8.GetString(SiteSearch.Serialize(new GramShard())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_30000_character_name_touches_at_most_99_gram_shards_and_stores_100_characters()
    {
        var rng = new Random(28);
        var name = new string(Enumerable.Range(0, 30_000).Select(_ => (char)('一' + rng.Next(20_000))).ToArray());

        var files = SiteSearch.BuildInMemory([(name, SiteSlug.ForBody(name))]);

        Assert.True(files.Keys.Count(k => k.StartsWith("search/g/", StringComparison.Ordinal)) <= SiteSearch.MaxNameLength - 1);
        var names = System.Text.Json.JsonDocument.Parse(files.Single(f => f.Key.StartsWith("search/n/", StringComparison.Ordinal)).Value).RootElement;
        Assert.Equal(name[..SiteSearch.MaxNameLength], names.GetProperty("bodies")[0][1].GetString());
        Assert.Equal(Core.Validation.ReportValidator.MaxBodyLength, SiteSearch.MaxNameLength);
    }

    [Fact]
    public void At_the_design_load_no_search_file_passes_200_KB_and_a_new_body_touches_little()
    {
        // CataloguePageCount × PageRowsDesignLoad bodies with realistic names: provinces, cities, counties, towns and departments.
        var bodies = DesignLoadNames(new PublishingOptions().CataloguePageCount * PublishingOptions.PageRowsDesignLoad)
            .Select(n => (Body: n, Slug: SiteSlug.ForBody(n))).ToList();
        var files = SiteSearch.BuildInMemory(bodies);
        var largest = files.MaxBy(f => f.Value.Length);
        var touched = bodies.Select(b => SiteSearch.Bigrams(SiteSearch.Normalize(b.Body)).Select(SiteSearch.GramShard).Append(SiteSearch.NameShard(SiteSearch.IdOf(b.Slug)))
            .Distinct().Sum(f => (long)files[f].Length)).Order().ToList();
        var stops = files.Where(f => f.Key.StartsWith("search/g/", StringComparison.Ordinal))
            .Sum(f => System.Text.Json.JsonDocument.Parse(f.Value).RootElement.GetProperty("stop").GetArrayLength());
        output.WriteLine($"{bodies.Count} bodies: {files.Count} files, {files.Values.Sum(f => (long)f.Length) / 1024} KiB in all; largest {largest.Key} {largest.Value.Length / 1024.0:F1} KiB; " +
                         $"bytes a new body's shards hold p50 {touched[touched.Count / 2] / 1024.0:F1} KiB, max {touched[^1] / 1024.0:F1} KiB; {stops} stop bigrams");
        Assert.True(largest.Value.Length < 200 * 1024, $"{largest.Key} is {largest.Value.Length} bytes");
        // What a new body's publication rewrites stays well inside the 300 KB a publication may write beside its listings' ~150 KB.
        Assert.True(touched[^1] < 130 * 1024, $"a new body rewrites up to {touched[^1]} bytes of index");
        // The design-load names can be found: a town's own name is not a stop bigram.
        Assert.Contains(files, f => f.Key.StartsWith("search/g/", StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetString(f.Value).Contains("\"西集\":[", StringComparison.Ordinal));
    }

    internal static List<string> DesignLoadNames(int count)
    {
        const string pool = "安北昌城川春大德东丰福阜高固广海汉和河宏华淮黄吉济嘉江金晋京开康兰乐离凉临灵龙鲁洛茂梅蒙明南宁平埔齐祁清庆泉仁荣瑞沙山商上邵石寿顺泰桃天通同潼万望威文武西仙湘襄新信兴徐阳延沂永余玉元岳云枣长樟漳昭镇中舟珠庄遵";
        string[] departments = ["人民政府", "人民政府办公室", "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
            "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局",
            "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "信访局", "城市管理局", "林业局", "体育局"];
        var random = new Random(13);
        string Place(int length) => new(Enumerable.Range(0, length).Select(_ => pool[random.Next(pool.Length)]).ToArray());
        var provinces = Enumerable.Range(0, 10).Select(_ => Place(2) + "省").ToList();
        var names = new HashSet<string>(["山亭区西集镇人民政府"]);
        while (names.Count < count)
        {
            var county = provinces[random.Next(provinces.Count)] + Place(2) + "市" + Place(2) + (random.Next(2) == 0 ? "区" : "县");
            names.Add(random.Next(3) == 0
                ? county + Place(2) + (random.Next(2) == 0 ? "镇人民政府" : "街道办事处")
                : county + departments[random.Next(departments.Length)]);
        }
        return names.ToList();
    }

    private static async Task<string> StatusAsync(ChromiumPage page) =>
        (await page.EvaluateAsync("document.getElementById('find-body-status').textContent"))!.GetValue<string>();
}
