using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.OpenData;

/// <summary>
/// The year catalogue and the 年度报告发布情况 page link the year's open data and the schema, and each link answers in
/// a real Chromium (resolved by the page, fetched by the browser): right after the first publication, before any
/// round of the timer. Both pages still pass the page checks (axe-core, 390 px, html-validate).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenDataPageTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_year_catalogue_and_the_status_page_link_the_data_files_and_every_link_answers()
    {
        var name = AzuriteFixture.UniqueName("odpages");
        var site = Publisher(fixture.BlobService, name);
        await site.PublishAsync(SampleReports.Seed);
        await site.PublishStatusPageAsync(new PublicationStatusModel(2024, new DateOnly(2025, 2, 5),
            [new PublicationStatusRow(SampleReports.Seed.Body, "乡镇", new DateOnly(2025, 1, 31), new DateOnly(2025, 1, 20), 0),
             new PublicationStatusRow("某某县统计局", "政府部门", new DateOnly(2025, 1, 31), null, 5)]));
        var root = site.Container.Uri.AbsoluteUri + "/";
        var pages = new (string Kind, Uri Url)[]
        {
            ("year-index", new Uri(root + CatalogueKey.Year(2024).Index)),
            ("status", new Uri(root + PublicationStatusPage.PathOf(2024))),
        };

        await using (var tab = await ChromiumPage.OpenAsync())
        {
            // Each page's links as Chromium resolves them …
            var links = new List<(string Kind, string Href)>();
            foreach (var (kind, url) in pages)
            {
                await tab.NavigateAsync(url);
                links.AddRange((await tab.EvaluateAsync("[...document.querySelectorAll('a[href*=\"data/\"]')].map(a => a.href)"))!.AsArray().Select(a => (kind, (string)a!)));
            }
            // … fetched from the catalogue (the status page's policy allows no script; the catalogue's allows connecting to the site).
            await tab.NavigateAsync(pages[0].Url);
            var answers = (await tab.EvaluateAsync($$"""
                Promise.all({{System.Text.Json.JsonSerializer.Serialize(links.Select(l => l.Href))}}.map(href =>
                  fetch(href).then(r => new URL(href).pathname + ' ' + r.status + ' ' + r.headers.get('content-type'))))
                """))!.AsArray().Select(a => (string)a!).ToList();
            output.WriteLine(string.Join("\n", answers));
            foreach (var kind in pages.Select(p => p.Kind))
            {
                var ofPage = answers.Where((_, i) => links[i].Kind == kind).ToList();
                Assert.Equal(3, ofPage.Count);
                Assert.Contains(ofPage, a => a.EndsWith($"/{DataLayout.Csv(2024)} 200 text/csv; charset=utf-8", StringComparison.Ordinal));
                Assert.Contains(ofPage, a => a.EndsWith($"/{DataLayout.Json(2024)} 200 application/json; charset=utf-8", StringComparison.Ordinal));
                Assert.Contains(ofPage, a => a.EndsWith($"/{DataLayout.Schema} 200 application/json; charset=utf-8", StringComparison.Ordinal));
            }
        }

        var problems = await PageChecks.CheckAsync(pages, Directory.CreateTempSubdirectory("fp-opendata-pages-").FullName, output.WriteLine);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
