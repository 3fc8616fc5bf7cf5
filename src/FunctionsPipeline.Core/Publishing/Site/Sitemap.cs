using System.Text;
using System.Xml;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// sitemap.xml is a sitemap index (sitemaps.org) over sitemaps/listings.xml (the home page and each year catalogue's
/// index) and one sitemap per report year listing that year's root catalogue pages (at most 64): a root page lists its
/// bodies, or once it split every page split from it, and every page links its bodies' pages and current notices. So
/// no sitemap grows with the number of bodies, and both change only when a root gets its first row.
/// </summary>
public static class Sitemap
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static string Robots(Uri siteBase) =>
        $"User-agent: *\nAllow: /\nSitemap: {new Uri(siteBase, SiteLayout.SitemapFile).AbsoluteUri}\n";

    /// <param name="years">Each report year with its catalogue's pages.</param>
    public static byte[] RenderIndex(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("sitemapindex", Ns);
        Entry(w, "sitemap", new Uri(siteBase, SiteLayout.ListingsSitemap));
        foreach (var (year, _) in years) Entry(w, "sitemap", new Uri(siteBase, SiteLayout.YearSitemap(year)));
        w.WriteEndElement();
    });

    /// <summary>The home page and each year catalogue's index; it changes only when a year is added.</summary>
    public static byte[] RenderListings(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("urlset", Ns);
        Entry(w, "url", new Uri(siteBase, SiteLayout.IndexFile));
        foreach (var (year, _) in years) Entry(w, "url", new Uri(siteBase, CatalogueKey.Year(year).Index));
        w.WriteEndElement();
    });

    /// <summary>A year's root catalogue pages: each lists its bodies or the pages split from it.</summary>
    public static byte[] RenderYear(int year, PageSet pages, Uri siteBase) => Write(w =>
    {
        var key = CatalogueKey.Year(year);
        w.WriteStartElement("urlset", Ns);
        foreach (var root in pages.Pages.Select(PageTree.RootOf).Distinct()) Entry(w, "url", new Uri(siteBase, key.Page(root)));
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
