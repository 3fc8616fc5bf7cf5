using System.Text;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// The listing pages as storage asks for them (<see cref="IListingPages"/>): each draft carries its page class's
/// template version, and renders by building the page's view-model from the record, then the page from the model.
/// </summary>
internal sealed class ListingPages(Uri siteBase, Func<bool>? statusLinks = null) : IListingPages
{
    public PageDraft Body(SiteManifest manifest) => Html(BodyPage.TemplateVersion, () => BodyPage.Render(BodyPageModel.From(manifest)));

    public PageDraft CataloguePage(CatalogueKey key, string page, PageRecord record) => key.IsYear
        ? Html(YearCatalogue.TemplateVersion, () => record.Split
            ? YearCatalogue.RenderSplit(PageListModel.Split(key, page, record))
            : YearCatalogue.RenderPage(CataloguePageModel.Year(key, record)))
        : Html(MonthArchive.TemplateVersion, () => record.Split
            ? MonthArchive.RenderSplit(PageListModel.Split(key, page, record))
            : MonthArchive.RenderPage(CataloguePageModel.Month(key, record)));

    public PageDraft CatalogueRoot(CatalogueKey key, string root, PageLabels subtree) => key.IsYear
        ? Html(YearCatalogue.TemplateVersion, () => YearCatalogue.RenderRoot(PageListModel.Root(key, subtree)))
        : Html(MonthArchive.TemplateVersion, () => MonthArchive.RenderRoot(PageListModel.Root(key, subtree)));

    public PageDraft CatalogueIndex(CatalogueKey key, PageSet pages, PageLabels labels) => key.IsYear
        ? StatusLinks
            ? Html(YearCatalogue.TemplateVersion + WithStatusLinks, () => YearCatalogue.RenderIndex(PageListModel.Index(key, pages, labels), YearOf(key), statusLink: true))
            : Html(YearCatalogue.TemplateVersion, () => YearCatalogue.RenderIndex(PageListModel.Index(key, pages, labels), YearOf(key)))
        : Html(MonthArchive.TemplateVersion, () => MonthArchive.RenderIndex(PageListModel.Index(key, pages, labels)));

    public PageDraft Index(RecentList recent) => StatusLinks
        ? Html(IndexPage.TemplateVersion + WithStatusLinks, () => IndexPage.Render(IndexPageModel.From(recent), statusLinks: true))
        : Html(IndexPage.TemplateVersion, () => IndexPage.Render(IndexPageModel.From(recent)));

    /// <summary>
    /// Added to the template version of the index and the year catalogue indexes that link the 年度报告发布情况 pages (a register
    /// is loaded), so a stored page is rewritten when the links come or go.
    /// </summary>
    internal const int WithStatusLinks = 1000;

    private static int YearOf(CatalogueKey key) => int.Parse(key.Key, System.Globalization.CultureInfo.InvariantCulture);

    private bool StatusLinks => statusLinks?.Invoke() ?? false;

    public PageDraft Feed(RecentList recent) =>
        new(AtomFeed.TemplateVersion, SiteStore.AtomType, () => new BinaryData(AtomFeed.Render(FeedModel.From(recent, siteBase))));

    public PageDraft YearSitemap(int year, PageSet pages) => Xml(() => Sitemap.RenderUrls(SitemapModel.Year(year, pages, siteBase)));

    public PageDraft ListingsSitemap(IReadOnlyList<(int Year, PageSet Pages)> years) => Xml(() => Sitemap.RenderUrls(SitemapModel.Listings(years, siteBase)));

    public PageDraft SitemapIndex(IReadOnlyList<(int Year, PageSet Pages)> years) => Xml(() => Sitemap.RenderIndex(SitemapModel.Index(years, siteBase)));

    public int SitemapTemplateVersion => Sitemap.TemplateVersion;

    public IReadOnlyList<FixedFile> FixedFiles(PublishingOptions options) =>
    [
        new(SiteLayout.RobotsFile, Utf8(Sitemap.Robots(siteBase)), SiteStore.TextType, options.StylesheetCacheControl),
        // The script's name carries its hash, so it never changes once written: cache it as immutable.
        new(SearchScript.FileName, new BinaryData(SearchScript.Bytes), SiteStore.ScriptType, PublishingOptions.ContentAddressedCacheControl),
    ];

    private static PageDraft Html(int templateVersion, Func<string> render) => new(templateVersion, SiteStore.HtmlType, () => Utf8(render()));

    private static PageDraft Xml(Func<byte[]> render) => new(Sitemap.TemplateVersion, SiteStore.XmlType, () => new BinaryData(render()));

    private static BinaryData Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
