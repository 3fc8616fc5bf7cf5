using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// Checks a published site is whole: every manifest entry's files exist (and the PDF is the one the manifest
/// hashed), every link on index.html resolves, and the index lists each publication exactly once.
/// Returns the problems found (empty = whole), so a test can print them all.
/// </summary>
internal static partial class SiteIntegrity
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(BlobContainerClient web)
    {
        var problems = new List<string>();
        if (!await web.ExistsAsync()) return problems;
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in web.GetBlobsAsync()) blobs.Add(item.Name);
        if (!blobs.Contains(SiteManifest.FileName))
        {
            // Nothing listed yet: no listing may exist without the manifest it is built from.
            if (blobs.Contains(IndexPage.FileName)) problems.Add("index.html exists without manifest.json");
            return problems;
        }

        var manifest = SiteManifest.FromJson((await web.GetBlobClient(SiteManifest.FileName).DownloadContentAsync()).Value.Content.ToMemory().Span);
        foreach (var e in manifest.Publications)
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
        }
        var duplicates = manifest.Publications.GroupBy(e => (e.Body, e.Year, e.Version)).Where(g => g.Count() > 1).Select(g => g.Key);
        problems.AddRange(duplicates.Select(d => $"manifest lists {d.Body} {d.Year} v{d.Version} more than once"));

        if (!blobs.Contains(IndexPage.FileName))
        {
            problems.Add("manifest.json exists but index.html does not");
            return problems;
        }
        var index = (await web.GetBlobClient(IndexPage.FileName).DownloadContentAsync()).Value.Content.ToString();
        foreach (Match link in Href().Matches(index))
        {
            var target = Uri.UnescapeDataString(System.Net.WebUtility.HtmlDecode(link.Groups[1].Value));
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#')) continue;
            if (!blobs.Contains(target)) problems.Add($"index.html links {target}, which does not exist");
        }
        var notices = NoticeItem().Matches(index).Count;
        if (notices != manifest.Publications.Count) problems.Add($"index.html lists {notices} notices, the manifest {manifest.Publications.Count}");
        foreach (var e in manifest.Publications)
        {
            var href = $"href=\"{HtmlText.Encode(SiteSlug.UrlPath(e.Notice))}\"";
            var current = manifest.Publications.Where(p => p.IsFor(e.Body, e.Year)).Max(p => p.Version) == e.Version;
            var expected = current ? 2 : 1; // the notices list, plus the by-body table for the current version
            var found = Regex.Matches(index, Regex.Escape(href)).Count;
            if (found != expected) problems.Add($"index.html links the notice of {e.Body} v{e.Version} {found} times, expected {expected}");
        }
        return problems;
    }

    /// <summary>Every blob's name and ETag (empty if the container does not exist): equal snapshots mean nothing was written.</summary>
    public static async Task<Dictionary<string, string>> SnapshotAsync(BlobContainerClient container)
    {
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.None }))
            {
                blobs[item.Name] = item.Properties.ETag!.Value.ToString();
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        return blobs;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<li><span class=\"when\">")]
    private static partial Regex NoticeItem();
}
