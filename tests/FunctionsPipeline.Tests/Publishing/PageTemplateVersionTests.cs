using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>A release that changes a page kind's template rewrites its stored pages the next time their listing is touched.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageTemplateVersionTests(AzuriteFixture fixture)
{
    private const int Pages = 64;

    // Each publisher has its own caches, so nothing this process remembers of a page decides for the store.
    private SitePublisher Site(string container) =>
        new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = container, CataloguePageCount = Pages }),
            new FixedClock(At), logger: null, faults: null, caches: new SiteCaches());

    public static TheoryData<string> Listings => ["body", "year page", "year index", "month page", "index", "feed", "sitemap"];

    private static string PathOf(string listing, PublishResult published) => listing switch
    {
        "body" => SiteLayout.BodyPage(published.Slug),
        "year page" => CatalogueKey.Year(2024).Page(PageTree.Root(published.Slug, Pages)),
        "year index" => CatalogueKey.Year(2024).Index,
        "month page" => CatalogueKey.Month(SiteLayout.MonthKey(At)).Page(PageTree.Root(published.Slug, Pages)),
        "index" => IndexPage.FileName,
        "feed" => AtomFeed.FileName,
        "sitemap" => SiteLayout.SitemapFile,
        _ => throw new ArgumentOutOfRangeException(nameof(listing)),
    };

    /// <summary>The template version its page class has now, as the page's metadata states it.</summary>
    private static string CurrentTemplate(string listing) => (listing switch
    {
        "body" => BodyPage.TemplateVersion,
        "year page" or "year index" => YearCatalogue.TemplateVersion,
        "month page" => MonthArchive.TemplateVersion,
        "index" => IndexPage.TemplateVersion,
        "feed" => AtomFeed.TemplateVersion,
        "sitemap" => Sitemap.TemplateVersion,
        _ => throw new ArgumentOutOfRangeException(nameof(listing)),
    }).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task A_page_built_from_an_older_template_is_rewritten_when_its_listing_is_next_touched(string listing)
    {
        var (page, etag, bytes) = await PublishThenSetTemplateAsync(listing, template: null);

        // The same report again: the records hold it already, so only a page older than its record or template is written.
        var again = Site(page.BlobContainerName);
        await again.PublishAsync(TestReports.Create(year: 2024));

        var after = await page.GetPropertiesAsync();
        Assert.NotEqual(etag, after.Value.ETag);
        Assert.Equal(CurrentTemplate(listing), after.Value.Metadata["template"]);
        Assert.Equal(bytes, (await page.DownloadContentAsync()).Value.Content.ToArray());
        Assert.True(again.Stats.Writes >= 1);
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task A_page_at_the_current_template_is_not_rewritten_when_its_listing_is_touched(string listing)
    {
        var (page, etag, _) = await PublishThenSetTemplateAsync(listing, template: CurrentTemplate(listing));

        var again = Site(page.BlobContainerName);
        await again.PublishAsync(TestReports.Create(year: 2024));

        Assert.Equal(etag, (await page.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(0, again.Stats.Writes);
    }

    /// <summary>Publishes a report, then sets the template version in the page's metadata (null: removed, as a page written before versions).</summary>
    private async Task<(BlobClient Page, Azure.ETag ETag, byte[] Bytes)> PublishThenSetTemplateAsync(string listing, string? template)
    {
        var name = AzuriteFixture.UniqueName("template");
        var published = await Site(name).PublishAsync(TestReports.Create(year: 2024));
        var page = fixture.BlobService.GetBlobContainerClient(name).GetBlobClient(PathOf(listing, published));
        var stored = await page.GetPropertiesAsync();
        Assert.Equal(CurrentTemplate(listing), stored.Value.Metadata["template"]);
        var metadata = new Dictionary<string, string>(stored.Value.Metadata);
        if (template is null) metadata.Remove("template");
        else metadata["template"] = template;
        var set = await page.SetMetadataAsync(metadata);
        return (page, set.Value.ETag, (await page.DownloadContentAsync()).Value.Content.ToArray());
    }
}
