using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// The checker behind every <c>Assert.Empty(SiteIntegrity.ProblemsAsync(…))</c>, shown broken sites: a whole site has
/// no problems, and each kind of damage (built here, on a real published site in Azurite) is reported.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteIntegrityTests(AzuriteFixture fixture)
{
    private static string Body(int i) => string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处");

    /// <summary>Three bodies on one year catalogue of two pages, one of them corrected: a whole site.</summary>
    private async Task<(BlobContainerClient Web, List<PublishResult> Results)> PublishedSiteAsync()
    {
        var name = AzuriteFixture.UniqueName("integrity");
        SitePublisher Site(int minutes) => new(fixture.BlobService,
            Options.Create(new PublishingOptions { ContainerName = name, CataloguePageCount = 2 }), new FixedClock(At.AddMinutes(minutes)), logger: null);
        var results = new List<PublishResult>();
        for (var i = 1; i <= 3; i++) results.Add(await Site(i).PublishAsync(TestReports.Create(body: Body(i), year: 2024)));
        results.Add(await Site(10).PublishAsync(TestReports.Create(body: Body(1), year: 2024, overview: "更正。"), "v2"));
        Assert.Equal([PublishOutcome.Published, PublishOutcome.Published, PublishOutcome.Published, PublishOutcome.Corrected], results.Select(r => r.Outcome));
        var web = fixture.BlobService.GetBlobContainerClient(name);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(web));
        return (web, results);
    }

    private static Task WriteAsync(BlobContainerClient web, string path, string text, string contentType = "text/html; charset=utf-8") =>
        web.GetBlobClient(path).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } });

    [Fact]
    public async Task A_deleted_pdf_is_reported()
    {
        var (web, results) = await PublishedSiteAsync();
        var pdf = results[1].Paths.Pdf;

        await web.DeleteBlobAsync(pdf);

        var problems = await SiteIntegrity.ProblemsAsync(web);
        Assert.Contains(problems, p => p.Contains($"{pdf} is missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_link_on_a_body_page_is_reported()
    {
        var (web, results) = await PublishedSiteAsync();
        var page = SiteLayout.BodyPage(results[2].Slug);
        var href = $"href=\"{SiteLayout.Href(results[2].Paths.Notice)}\"";
        var html = await web.TextAsync(page);
        Assert.Contains(href, html, StringComparison.Ordinal);

        await WriteAsync(web, page, html.Replace(href, href.Replace("notice.html", "notice-missing.html", StringComparison.Ordinal), StringComparison.Ordinal));

        var problems = await SiteIntegrity.ProblemsAsync(web);
        Assert.Contains(problems, p => p.StartsWith($"{page} links ", StringComparison.Ordinal) && p.EndsWith("notice-missing.html, which does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicated_row_on_a_catalogue_page_is_reported()
    {
        var (web, results) = await PublishedSiteAsync();
        var href = $"href=\"{SiteLayout.Href(results[2].Paths.Notice)}\"";
        var pages = new Dictionary<string, string>();
        foreach (var n in (await web.NamesAsync()).Where(n => n.StartsWith("years/2024/p", StringComparison.Ordinal) && n.EndsWith(".html", StringComparison.Ordinal)))
            pages[n] = await web.TextAsync(n);
        var (page, html) = pages.Single(p => p.Value.Contains(href, StringComparison.Ordinal));
        var at = html.IndexOf(href, StringComparison.Ordinal);
        var start = html.LastIndexOf("<tr>", at, StringComparison.Ordinal);
        var end = html.IndexOf("</tr>", at, StringComparison.Ordinal) + "</tr>".Length;
        var row = html[start..end];

        await WriteAsync(web, page, html.Insert(end, "\n" + row));

        var problems = await SiteIntegrity.ProblemsAsync(web);
        Assert.Contains($"years/2024 links {SiteLayout.Href(results[2].Paths.Notice)} 2 times, expected 1", problems);
    }

    [Fact]
    public async Task A_listed_page_that_split_is_reported()
    {
        var (web, _) = await PublishedSiteAsync();
        var set = JsonSerializer.Deserialize<PageSet>(await web.TextAsync($"years/2024/{SiteLayout.PagesRecord}"), ListingJson.Options)!;
        var page = set.Pages.First();
        var record = JsonSerializer.Deserialize<PageRecord>(await web.TextAsync($"years/2024/{page}.json"), ListingJson.Options)!;
        Assert.False(record.Split);

        await WriteAsync(web, $"years/2024/{page}.json", JsonSerializer.Serialize(record with { Split = true }, ListingJson.Options), "application/json");

        var problems = await SiteIntegrity.ProblemsAsync(web);
        Assert.Contains($"years/2024/pages.json lists {page}, which is split", problems);
    }

    [Fact]
    public async Task A_missing_container_is_reported()
    {
        var web = fixture.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("nowhere"));

        var problems = await SiteIntegrity.ProblemsAsync(web);

        Assert.Equal([$"container {web.Name} does not exist"], problems);
    }
}
