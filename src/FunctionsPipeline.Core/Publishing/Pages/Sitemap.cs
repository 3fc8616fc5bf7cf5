using System.Text;
using System.Xml;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// sitemap.xml is a sitemap index (sitemaps.org) over sitemaps/listings.xml (the home page and each year catalogue's
/// index) and one sitemap per report year listing that year's root catalogue pages (at most 64): a root page lists its
/// bodies, or once it split every page split from it, and every page links its bodies' pages and current notices. So
/// no sitemap grows with the number of bodies, and both change only when a root gets its first row.
/// </summary>
internal static class Sitemap
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>Raise when the markup of any of the three sitemaps changes: they are then rewritten.</summary>
    public const int TemplateVersion = 1;

    public static string Robots(Uri siteBase) =>
        $"User-agent: *\nAllow: /\nSitemap: {new Uri(siteBase, SiteLayout.SitemapFile).AbsoluteUri}\n";

    /// <summary>A sitemap index (sitemap.xml).</summary>
    public static byte[] RenderIndex(SitemapModel model) => Write(w =>
    {
        w.WriteStartElement("sitemapindex", Ns);
        foreach (var loc in model.Locations) Entry(w, "sitemap", loc);
        w.WriteEndElement();
    });

    /// <summary>A list of pages (sitemaps/listings.xml, sitemaps/{year}.xml).</summary>
    public static byte[] RenderUrls(SitemapModel model) => Write(w =>
    {
        w.WriteStartElement("urlset", Ns);
        foreach (var loc in model.Locations) Entry(w, "url", loc);
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

/// <summary>What a sitemap lists: absolute locations, in order.</summary>
internal sealed record SitemapModel(ValueList<Uri> Locations)
{
    /// <summary>sitemap.xml: listings.xml, then each year's sitemap.</summary>
    /// <param name="years">Each report year with its catalogue's pages.</param>
    public static SitemapModel Index(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) =>
        new(years.Select(y => new Uri(siteBase, SiteLayout.YearSitemap(y.Year))).Prepend(new Uri(siteBase, SiteLayout.ListingsSitemap)).ToValueList());

    /// <summary>The home page and each year catalogue's index; it changes only when a year is added.</summary>
    public static SitemapModel Listings(IReadOnlyList<(int Year, PageSet Pages)> years, Uri siteBase) =>
        new(years.Select(y => new Uri(siteBase, CatalogueKey.Year(y.Year).Index)).Prepend(new Uri(siteBase, SiteLayout.IndexFile)).ToValueList());

    /// <summary>A year's root catalogue pages: each lists its bodies or the pages split from it.</summary>
    public static SitemapModel Year(int year, PageSet pages, Uri siteBase)
    {
        var key = CatalogueKey.Year(year);
        return new(pages.Pages.Select(PageTree.RootOf).Distinct().Select(root => new Uri(siteBase, key.Page(root))).ToValueList());
    }
}
