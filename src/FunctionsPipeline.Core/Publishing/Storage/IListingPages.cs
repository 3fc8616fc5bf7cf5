using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>A page to write: its template's version, its content type, and how to render it (called only if it is written).</summary>
internal sealed record PageDraft(int TemplateVersion, string ContentType, Func<BinaryData> Render);

/// <summary>
/// The pages the listings are rendered to, as storage sees them. The rule of this folder: storage decides what is
/// written and when (records, generations, ETags, page trees) and holds no markup; every page comes from a
/// <see cref="PageDraft"/> that Publishing/Pages builds from the record it is given (view-model, then template).
/// </summary>
internal interface IListingPages
{
    PageDraft Body(SiteManifest manifest);

    /// <summary>A catalogue page: its rows (a year's or a month's), or for a split page the links to its halves.</summary>
    PageDraft CataloguePage(CatalogueKey key, string page, PageRecord record);

    /// <summary>A root page that split: the pages split from it, by their labels.</summary>
    PageDraft CatalogueRoot(CatalogueKey key, string root, PageLabels subtree);

    PageDraft CatalogueIndex(CatalogueKey key, PageSet pages, PageLabels labels);

    PageDraft Index(RecentList recent);

    PageDraft Feed(RecentList recent);

    /// <summary>A year's sitemap: its catalogue's root pages.</summary>
    PageDraft YearSitemap(int year, PageSet pages);

    /// <summary>sitemaps/listings.xml: the home page and each year catalogue's index.</summary>
    PageDraft ListingsSitemap(IReadOnlyList<(int Year, PageSet Pages)> years);

    /// <summary>sitemap.xml: the index of the sitemaps.</summary>
    PageDraft SitemapIndex(IReadOnlyList<(int Year, PageSet Pages)> years);

    /// <summary>The template version of the three sitemaps: sitemap.xml built from an older one is rewritten with them.</summary>
    int SitemapTemplateVersion { get; }

    /// <summary>Files whose content never depends on the site's data (robots.txt, the search script), with their cache policy.</summary>
    IReadOnlyList<FixedFile> FixedFiles(PublishingOptions options);
}

internal sealed record FixedFile(string Path, BinaryData Content, string ContentType, string CacheControl);
