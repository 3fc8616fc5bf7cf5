using System.Text;
using System.Xml;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// sitemap.xml is a sitemap index (sitemaps.org) over sitemaps/listings.xml (the home page and each year catalogue's
/// index) and one sitemap per root page of each year's catalogue: that root's pages (itself, or once it split every
/// page split from it), each of which links its bodies' pages and current notices. A root's sitemap lists a few pages
/// and changes only when its pages or their labels do; sitemap.xml lists at most 64 per year and changes only when a
/// root gets its first row: no sitemap grows with the number of bodies.
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
        foreach (var (year, pages) in years)
        {
            foreach (var root in pages.Pages.Select(PageTree.RootOf).Distinct()) Entry(w, "sitemap", new Uri(siteBase, SiteLayout.RootSitemap(year, root)));
        }
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

    /// <summary>The pages under one root of a year's catalogue, as its labels list them.</summary>
    public static byte[] RenderRoot(CatalogueKey key, PageLabels subtree, Uri siteBase) => Write(w =>
    {
        w.WriteStartElement("urlset", Ns);
        foreach (var label in subtree.Labels) Entry(w, "url", new Uri(siteBase, key.Page(label.Page)));
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
