using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// Checks a published site is whole: every entry of every body's manifest has its files (and the PDF is the one
/// the manifest hashed); every link on the index, the body pages and the catalogue pages resolves; the index lists
/// the newest publications exactly once each; each body's page lists each of its versions once; the year catalogue
/// lists each body's current version once and the month archive each publication once. A withdrawn version has no file
/// on the site (each is in the archive), its notice says so and links the 撤回公告, and the listings mark it.
/// Returns the problems found (empty = whole), so a test can print them all; a container that does not exist is a problem.
/// </summary>
internal static partial class SiteIntegrity
{
    /// <param name="archive">The private archive container, when the site may have withdrawals: each withdrawn file must be there, with the hash the manifest recorded.</param>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(BlobContainerClient web, BlobContainerClient? archive = null)
    {
        var problems = new List<string>();
        if (!await web.ExistsAsync()) return [$"container {web.Name} does not exist"];
        var blobs = new HashSet<string>(await web.NamesAsync(), StringComparer.Ordinal);
        var manifests = blobs.Where(b => b.StartsWith("bodies/", StringComparison.Ordinal) && b.EndsWith("/" + SiteManifest.FileName, StringComparison.Ordinal)).ToList();
        if (manifests.Count == 0)
        {
            // Nothing listed yet: no listing may exist without the records it is built from.
            foreach (var listing in new[] { IndexPage.FileName, AtomFeed.FileName, SiteLayout.RecentFile })
            {
                if (blobs.Contains(listing)) problems.Add($"{listing} exists without any body's manifest");
            }
            return problems;
        }

        var entries = new List<ManifestEntry>();
        foreach (var path in manifests)
        {
            var manifest = SiteManifest.FromJson((await web.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToMemory().Span);
            if (manifest.Publications.Any(e => SiteLayout.BodyManifest(e.Slug) != path)) problems.Add($"{path} lists another body's publication");
            entries.AddRange(manifest.Publications);
        }
        foreach (var e in entries.Where(e => e.IsWithdrawn)) problems.AddRange(await WithdrawnProblemsAsync(web, archive, e, blobs));
        foreach (var e in entries.Where(e => !e.IsWithdrawn))
        {
            foreach (var path in new[] { e.Pdf, e.Html, e.Notice, e.Report })
            {
                if (!blobs.Contains(path)) problems.Add($"manifest lists {e.Body} v{e.Version} but {path} is missing");
            }
            if (blobs.Contains(e.Pdf))
            {
                var pdf = (await web.GetBlobClient(e.Pdf).DownloadContentAsync()).Value.Content.ToMemory();
                if (Convert.ToHexStringLower(SHA256.HashData(pdf.Span)) != e.PdfSha256) problems.Add($"{e.Pdf} is not the PDF the manifest hashed");
            }
            // Entries from before OFD output list none; one that lists an OFD must serve the one it hashed.
            if (e.Ofd is { } ofdPath)
            {
                if (!blobs.Contains(ofdPath)) problems.Add($"manifest lists {e.Body} v{e.Version} but {ofdPath} is missing");
                else
                {
                    var ofd = (await web.GetBlobClient(ofdPath).DownloadContentAsync()).Value.Content.ToMemory();
                    if (Convert.ToHexStringLower(SHA256.HashData(ofd.Span)) != e.OfdSha256 || ofd.Length != e.OfdBytes) problems.Add($"{ofdPath} is not the OFD the manifest hashed");
                }
            }
        }
        foreach (var e in entries.Where(e => blobs.Contains(e.Html)))
        {
            // The report page states the files beside it: what it states must be what is stored (the manifest's, checked above).
            var stated = StatedFiles((await web.GetBlobClient(e.Html).DownloadContentAsync()).Value.Content.ToString());
            var expected = new Dictionary<string, (long, string?)> { [SitePublisher.PdfFile] = (e.PdfBytes, e.PdfSha256) };
            if (e.OfdBytes is { } ofdBytes) expected[SitePublisher.OfdFile] = (ofdBytes, e.OfdSha256);
            foreach (var (file, (bytes, sha256)) in stated)
            {
                if (!expected.TryGetValue(file, out var stored)) problems.Add($"{e.Html} states {file}, which the manifest does not list");
                else if (stored != (bytes, sha256)) problems.Add($"{e.Html} states {file} as {bytes} bytes, {sha256}; stored: {stored.Item1} bytes, {stored.Item2}");
            }
        }
        var duplicates = entries.GroupBy(e => (e.Body, e.Year, e.Version)).Where(g => g.Count() > 1).Select(g => g.Key);
        problems.AddRange(duplicates.Select(d => $"manifest lists {d.Body} {d.Year} v{d.Version} more than once"));

        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in blobs.Where(IsListingPage)) pages[path] = (await web.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString();
        foreach (var (path, html) in pages) problems.AddRange(BrokenLinks(path, html, blobs));
        foreach (var record in blobs.Where(b => (b.StartsWith("years/", StringComparison.Ordinal) || b.StartsWith("months/", StringComparison.Ordinal))
                     && b.EndsWith("/" + SiteLayout.PagesRecord, StringComparison.Ordinal)))
        {
            problems.AddRange(await CatalogueProblemsAsync(web, record[..^(SiteLayout.PagesRecord.Length + 1)], blobs, pages));
        }

        if (!pages.TryGetValue(IndexPage.FileName, out var index))
        {
            problems.Add("bodies are published but index.html does not exist");
            return problems;
        }
        // The index lists the newest notices: publications and each withdrawal's 撤回公告.
        var withdrawals = entries.Where(e => e.IsWithdrawn).GroupBy(e => e.WithdrawalNotice!).Select(g => g.First()).ToList();
        var newest = RecentList.NewestFirst(entries.Select(RecentEntry.From).Concat(withdrawals.Select(e => RecentEntry.WithdrawalOf(e)!)))
            .Take(RecentList.Capacity).ToList();
        var notices = NoticeItem().Matches(index).Count;
        if (notices != newest.Count) problems.Add($"index.html lists {notices} notices, expected the newest {newest.Count}");
        foreach (var e in newest.Where(e => !e.IsWithdrawalNotice)) ExpectLinked(problems, IndexPage.FileName, index, e.Notice());
        foreach (var notice in newest.Where(e => e.IsWithdrawalNotice).Select(e => e.Notice()))
        {
            // The 撤回公告's own item, plus each withdrawn version it lists.
            var expected = 1 + newest.Count(e => e.IsWithdrawn && e.WithdrawalNotice() == notice);
            ExpectLinked(problems, IndexPage.FileName, index, notice, expected);
        }
        foreach (var e in newest.Where(e => e.IsWithdrawn))
        {
            if (!index.Contains($"<li class=\"withdrawn\"><span class=\"when\">{NoticePage.TimeElement(e.PublishedAt)}", StringComparison.Ordinal))
                problems.Add($"index.html does not mark {e.Body} {e.Year} v{e.Version} withdrawn");
        }

        foreach (var body in entries.GroupBy(e => e.Slug))
        {
            var bodyPage = SiteLayout.BodyPage(body.Key);
            if (!pages.TryGetValue(bodyPage, out var text)) { problems.Add($"{bodyPage} is missing"); continue; }
            foreach (var e in body) ExpectLinked(problems, bodyPage, text, SiteLayout.Href(e.Notice));
            foreach (var withdrawn in body.Where(e => e.IsWithdrawn).GroupBy(e => e.WithdrawalNotice!))
                ExpectLinked(problems, bodyPage, text, SiteLayout.Href(withdrawn.Key), 1 + withdrawn.Count());
        }
        foreach (var year in entries.GroupBy(e => e.Year))
        {
            var catalogue = Catalogue(pages, CatalogueKey.Year(year.Key));
            foreach (var e in year.GroupBy(e => e.Body).Select(g => g.MaxBy(e => e.Version)!))
            {
                ExpectLinked(problems, $"years/{year.Key}", catalogue, SiteLayout.Href(e.Notice));
                // A withdrawn current version is marked, with its 撤回公告.
                if (e.WithdrawalNotice is { } withdrawal) ExpectLinked(problems, $"years/{year.Key}", catalogue, SiteLayout.Href(withdrawal));
            }
        }
        foreach (var month in entries.GroupBy(e => SiteLayout.MonthKey(e.PublishedAt)))
        {
            var monthArchive = Catalogue(pages, CatalogueKey.Month(month.Key));
            foreach (var e in month) ExpectLinked(problems, $"months/{month.Key}", monthArchive, SiteLayout.Href(e.Notice));
        }
        foreach (var e in withdrawals)
        {
            // The 撤回公告 is in the archive of the month it was published in.
            var monthPages = Catalogue(pages, CatalogueKey.Month(SiteLayout.MonthKey(e.Withdrawn!.At)));
            if (!monthPages.Contains($"href=\"{HtmlText.Encode(SiteLayout.Href(e.WithdrawalNotice!))}\"", StringComparison.Ordinal))
                problems.Add($"months/{SiteLayout.MonthKey(e.Withdrawn.At)} does not link the 撤回公告 {e.WithdrawalNotice}");
        }
        return problems;
    }

    /// <summary>
    /// A withdrawn version: none of its files on the site (each in the archive with the hash the manifest recorded, when
    /// the archive is given), its notice still there saying so and linking the 撤回公告, which exists, and neither page links
    /// anything missing.
    /// </summary>
    private static async Task<IEnumerable<string>> WithdrawnProblemsAsync(BlobContainerClient web, BlobContainerClient? archive, ManifestEntry e, HashSet<string> blobs)
    {
        var problems = new List<string>();
        foreach (var path in new[] { e.Pdf, e.Ofd, e.Html, e.Report }.OfType<string>())
        {
            if (blobs.Contains(path)) problems.Add($"{e.Body} v{e.Version} is withdrawn but {path} is still on the site");
            if (archive is null) continue;
            try
            {
                var bytes = (await archive.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToMemory();
                var expected = path == e.Pdf ? e.PdfSha256 : path == e.Ofd ? e.OfdSha256 : null;
                if (expected is not null && Convert.ToHexStringLower(SHA256.HashData(bytes.Span)) != expected) problems.Add($"archive/{path} is not the file the manifest hashed");
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                problems.Add($"{e.Body} v{e.Version} is withdrawn but {path} is not in the archive");
            }
        }
        foreach (var page in new[] { e.Notice, e.WithdrawalNotice! })
        {
            if (!blobs.Contains(page)) { problems.Add($"{e.Body} v{e.Version} is withdrawn but {page} is missing"); continue; }
            var html = (await web.GetBlobClient(page).DownloadContentAsync()).Value.Content.ToString();
            problems.AddRange(BrokenLinks(page, html, blobs));
            if (page == e.Notice && !html.Contains("已撤回", StringComparison.Ordinal)) problems.Add($"{page} does not say the report was withdrawn");
            if (page == e.Notice && !html.Contains($"/{SiteSlug.WithdrawalNoticeFile}\"", StringComparison.Ordinal)) problems.Add($"{page} does not link the 撤回公告");
        }
        return problems;
    }

    /// <summary>
    /// A catalogue's pages: the page set lists pages that are not split, none split from another listed one; each has its
    /// record and page; the index links each root page that has rows once and nothing else, and a root that split links
    /// each listed page split from it once; every page with rows that is not split is listed.
    /// </summary>
    private static async Task<IEnumerable<string>> CatalogueProblemsAsync(BlobContainerClient web, string folder, HashSet<string> blobs, Dictionary<string, string> pages)
    {
        var problems = new List<string>();
        async Task<T> ReadAsync<T>(string path) =>
            System.Text.Json.JsonSerializer.Deserialize<T>((await web.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToMemory().Span, ListingJson.Options)!;
        static int Links(string html, string page) => Regex.Matches(html, Regex.Escape($"<li><a href=\"{page}.html\">")).Count;
        var set = await ReadAsync<PageSet>($"{folder}/{SiteLayout.PagesRecord}");
        var index = pages.GetValueOrDefault($"{folder}/{SiteLayout.IndexFile}", "");
        foreach (var page in set.Pages)
        {
            if (set.Pages.Any(other => PageTree.IsAncestor(page, other))) problems.Add($"{folder}/pages.json lists {page} and a page split from it");
            if (!blobs.Contains($"{folder}/{page}.html") || !blobs.Contains($"{folder}/{page}.json")) { problems.Add($"{folder}/pages.json lists {page}, which has no page or record"); continue; }
            if ((await ReadAsync<PageRecord>($"{folder}/{page}.json")).Split) problems.Add($"{folder}/pages.json lists {page}, which is split");
            if (PageTree.IsRootPage(page)) continue;
            var root = PageTree.RootOf(page);
            var links = Links(pages.GetValueOrDefault($"{folder}/{root}.html", ""), page);
            if (links != 1) problems.Add($"{folder}/{root}.html links {page} {links} times, expected once");
        }
        var roots = set.Pages.Select(PageTree.RootOf).Distinct().ToList();
        foreach (var root in roots)
        {
            var links = Links(index, root);
            if (links != 1) problems.Add($"{folder}/index.html links {root} {links} times, expected once");
        }
        var indexLinks = CataloguePageLink().Matches(index).Count;
        if (indexLinks != roots.Count) problems.Add($"{folder}/index.html links {indexLinks} pages, pages.json lists {roots.Count} root pages");
        foreach (var record in blobs.Where(b => b.StartsWith(folder + "/p", StringComparison.Ordinal) && b.EndsWith(".json", StringComparison.Ordinal)
                     && b != $"{folder}/{SiteLayout.PagesRecord}"))
        {
            var page = record[(folder.Length + 1)..^".json".Length];
            var value = await ReadAsync<PageRecord>(record);
            if (!value.Split && value.Rows.Count > 0 && !set.Pages.Contains(page)) problems.Add($"{folder}/{page} has rows but pages.json does not list it");
        }
        return problems;
    }

    private static bool IsListingPage(string path) =>
        path == IndexPage.FileName ||
        (path.EndsWith(".html", StringComparison.Ordinal) &&
         (path.StartsWith("bodies/", StringComparison.Ordinal) || path.StartsWith("years/", StringComparison.Ordinal) || path.StartsWith("months/", StringComparison.Ordinal)));

    /// <summary>All pages of one catalogue (not its index) run together.</summary>
    private static string Catalogue(Dictionary<string, string> pages, CatalogueKey key) =>
        string.Concat(pages.Where(p => p.Key.StartsWith(key.Folder + "/p", StringComparison.Ordinal)).Select(p => p.Value));

    /// <summary>The page links <paramref name="href"/> (as written in the page, before HTML encoding) exactly once.</summary>
    private static void ExpectLinked(List<string> problems, string where, string html, string href, int times = 1)
    {
        var found = Regex.Matches(html, Regex.Escape($"href=\"{HtmlText.Encode(href)}\"")).Count;
        if (found != times) problems.Add($"{where} links {href} {found} times, expected {times}");
    }

    /// <summary>Every relative link on a page, resolved against the page's own folder, must name a blob.</summary>
    public static IEnumerable<string> BrokenLinks(string pagePath, string html, IReadOnlySet<string> blobs)
    {
        var pageUri = new Uri("http://site/" + SiteSlug.UrlPath(pagePath));
        foreach (Match link in Href().Matches(html))
        {
            var raw = System.Net.WebUtility.HtmlDecode(link.Groups[1].Value);
            if (raw.Contains("://", StringComparison.Ordinal) || raw.StartsWith('#')) continue;
            var target = Uri.UnescapeDataString(new Uri(pageUri, raw).AbsolutePath.TrimStart('/'));
            if (!blobs.Contains(target)) yield return $"{pagePath} links {target}, which does not exist";
        }
    }

    /// <summary>The files a page lists with size and SHA-256 (report.pdf, report.ofd), as the report page and the notice write them.</summary>
    public static Dictionary<string, (long Bytes, string? Sha256)> StatedFiles(string html) =>
        StatedFile().Matches(html).ToDictionary(m => m.Groups[1].Value,
            m => (long.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), (string?)m.Groups[3].Value));

    [GeneratedRegex("<li><a href=\"(report\\.(?:pdf|ofd))\">[^<]*</a>（(?:[^，）]*，)?([0-9,]+) 字节）<br><span class=\"hash\">SHA-256：([0-9a-f]{64})</span></li>")]
    private static partial Regex StatedFile();

    [GeneratedRegex("<li><a href=\"p[0-9-]+\\.html\">")]
    private static partial Regex CataloguePageLink();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<li(?: class=\"withdrawn\")?><span class=\"when\">")]
    private static partial Regex NoticeItem();
}
