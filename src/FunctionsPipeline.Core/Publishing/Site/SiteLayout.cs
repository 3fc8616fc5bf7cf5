using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// Where every listing lives. Each body has its own folder (record and page); each report year and each
/// month of publication has a catalogue spread over pages by a hash of the body's slug (a fixed number of root
/// pages, each split in two when it passes its row limit: <see cref="PageTree"/>), so one publication rewrites
/// one page of each, a page stays small however large the site, and concurrent publications of different bodies
/// mostly touch different blobs.
/// </summary>
internal static class SiteLayout
{
    public const string BodiesFolder = "bodies";
    public const string YearsFolder = "years";
    public const string MonthsFolder = "months";
    public const string SitemapsFolder = "sitemaps";
    public const string RecentFile = "recent.json";
    public const string SitemapFile = "sitemap.xml";
    public const string RobotsFile = "robots.txt";
    public const string PagesRecord = "pages.json";
    public const string LabelsRecord = "labels.json";
    public const string IndexFile = "index.html";
    public const string FeedFile = "feed.xml";
    /// <summary>A version's notice (公告), in its version folder.</summary>
    public const string NoticeFile = "notice.html";

    public static string BodyFolder(string slug) => $"{BodiesFolder}/{slug}";
    public static string BodyManifest(string slug) => $"{BodyFolder(slug)}/{SiteManifest.FileName}";
    public static string BodyPage(string slug) => $"{BodyFolder(slug)}/{IndexFile}";

    /// <summary>The root page (0-based) a body's rows go to among <paramref name="pageCount"/>: stable for the body.</summary>
    public static int PageOf(string slug, int pageCount)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(slug));
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)pageCount);
    }

    public static string PageName(int page) => string.Create(CultureInfo.InvariantCulture, $"p{page + 1:D3}");

    /// <summary>"2026-01": the month of publication in China Standard Time.</summary>
    public static string MonthKey(DateTimeOffset publishedAt) =>
        ChinaTime.ToChina(publishedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The sitemap of a year's catalogue: its root pages.</summary>
    public static string YearSitemap(int year) => string.Create(CultureInfo.InvariantCulture, $"{SitemapsFolder}/{year}.xml");

    public static string ListingsSitemap => $"{SitemapsFolder}/listings.xml";

    /// <summary>
    /// A link from a page two folders deep (body pages, catalogue pages) to a site path, not percent-encoded: Chinese in
    /// a path is a valid URL (the browser encodes it) and a third of the size, which keeps pages of hundreds of rows small.
    /// Site paths hold only letters, digits, '-', '/' and '.', so nothing else needs escaping.
    /// </summary>
    public static string Href(string sitePath) => "../../" + sitePath;
}

/// <summary>One catalogue (a report year's or a month's): a folder of pages, an index of the pages that exist.</summary>
internal sealed record CatalogueKey(string Kind, string Key)
{
    public static CatalogueKey Year(int year) => new(SiteLayout.YearsFolder, year.ToString(CultureInfo.InvariantCulture));
    public static CatalogueKey Month(string month) => new(SiteLayout.MonthsFolder, month);

    public bool IsYear => Kind == SiteLayout.YearsFolder;
    public string Folder => $"{Kind}/{Key}";
    public string Index => $"{Folder}/{SiteLayout.IndexFile}";
    public string PagesRecord => $"{Folder}/{SiteLayout.PagesRecord}";
    public string LabelsRecord => $"{Folder}/{SiteLayout.LabelsRecord}";
    /// <summary>The labels of every page split from a root page (labels-p013.json).</summary>
    public string RootLabelsRecord(string root) => $"{Folder}/labels-{root}.json";
    public string PageRecord(string page) => $"{Folder}/{page}.json";
    public string Page(string page) => $"{Folder}/{page}.html";
    public string Page(int rootPage) => Page(SiteLayout.PageName(rootPage));

    /// <summary>Heading shown to readers: 2024年度报告 or 2026年1月发布.</summary>
    public string Title => IsYear
        ? $"{Key}年度政府信息公开工作年度报告目录"
        : $"{Key[..4]}年{int.Parse(Key[5..], CultureInfo.InvariantCulture)}月发布的公告";
}
