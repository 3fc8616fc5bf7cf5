using System.Text;
using System.Xml;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// sitemap.xml is a sitemap index (sitemaps.org) over bounded sitemaps: one for the listing pages and one per
/// page of each year's catalogue (that page's bodies: body page and current notice, which links the report). A catalogue page
/// holds at most its row limit of bodies (<see cref="PublishingOptions.CataloguePageRows"/>), far below the protocol's
/// 50,000 URLs per file.
/// </summary>
public static class Sitemap
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static string Robots(Uri siteBase) =>
        $"User-agent: *\nAllow: /\nSitemap: {new Uri(siteBase, SiteLayout.SitemapFile).AbsoluteUri}\n";

    /// <param name="years">Each report year with the catalogue pages it has.</param>
    public static byte[] RenderIndex(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("sitemapindex", Ns);
        Entry(w, "sitemap", new Uri(siteBase, SiteLayout.ListingsSitemap));
        foreach (var (year, pages) in years)
        {
            foreach (var page in pages.Pages) Entry(w, "sitemap", new Uri(siteBase, SiteLayout.YearSitemap(year, page)));
        }
        w.WriteEndElement();
    });

    /// <summary>
    /// The home page and each year catalogue's index. Not the catalogue pages: they come and go as pages split, each
    /// index links all of its own, and every body is in a page sitemap; so this file changes only when a year is added.
    /// </summary>
    public static byte[] RenderListings(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("urlset", Ns);
        Entry(w, "url", new Uri(siteBase, SiteLayout.IndexFile));
        foreach (var (year, _) in years) Entry(w, "url", new Uri(siteBase, CatalogueKey.Year(year).Index));
        w.WriteEndElement();
    });

    /// <summary>The bodies on one page of a year's catalogue (none once it split: each half has its own sitemap).</summary>
    public static byte[] RenderPage(PageRecord record, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("urlset", Ns);
        foreach (var row in (record.Split ? ValueList<ListingRow>.Empty : record.Rows).OrderBy(r => r.Slug, StringComparer.Ordinal))
        {
            Entry(w, "url", new Uri(siteBase, SiteSlug.UrlPath(SiteLayout.BodyPage(row.Slug))));
            Entry(w, "url", new Uri(siteBase, SiteSlug.UrlPath($"{row.Folder()}/{NoticePage.FileName}")));
            // A withdrawn publication's notice stays (it says so); its 撤回公告 is listed beside it.
            if (row.WithdrawalNotice() is { } withdrawal) Entry(w, "url", new Uri(siteBase, SiteSlug.UrlPath(withdrawal)));
        }
        w.WriteEndElement();
    });

    // No lastmod: notices never change once published, and the optional field would cost a tenth of each file.
    private static void Entry(XmlWriter w, string element, Uri loc)
    {
        w.WriteStartElement(element, Ns);
        w.WriteElementString("loc", Ns, loc.AbsoluteUri);
        w.WriteEndElement();
    }

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            w.WriteStartDocument();
            body(w);
            w.WriteEndDocument();
        }
        return stream.ToArray();
    }
}
