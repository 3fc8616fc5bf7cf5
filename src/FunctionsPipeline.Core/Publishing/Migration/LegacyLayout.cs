using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Migration;

/// <summary>
/// What sites of earlier layouts hold and <c>fp site rebuild</c> upgrades: the global manifest.json (before per-body
/// manifests), manifests without key figures, and one sitemap per catalogue page (before per-year sitemaps). Catalogue
/// records that stored page numbers are read by <see cref="PageNameJsonConverter"/>.
/// </summary>
internal sealed partial class LegacyLayout(SiteStore store)
{
    /// <summary>The global manifest.json of the layout before per-body manifests; null when there is none.</summary>
    public async Task<SiteManifest?> ReadGlobalManifestAsync(CancellationToken cancellationToken) =>
        (await store.ReadAsync<SiteManifest>(SiteManifest.FileName, cancellationToken, SiteManifest.JsonOptions)).Value;

    /// <summary>Deletes the global manifest once each of its entries is in its body's manifest; whether it did.</summary>
    public async Task<bool> DeleteGlobalManifestIfCoveredAsync(SiteManifest legacy, SiteListings listings, CancellationToken cancellationToken)
    {
        foreach (var body in legacy.Publications.GroupBy(e => e.Slug))
        {
            var (manifest, _) = await listings.ReadBodyAsync(body.First().Body, cancellationToken);
            if (!body.All(e => manifest.Contains(e.Body, e.Year, e.Version))) return false;
        }
        await store.Container.GetBlobClient(SiteManifest.FileName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>
    /// Key figures for the entries written before the manifest stored them (read from their report.json), so the body
    /// page can chart every year. Keyed by the report.json path; an unreadable report is left without.
    /// </summary>
    public async Task<Dictionary<string, KeyFigures>> MissingFiguresAsync(IEnumerable<ManifestEntry> entries, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, KeyFigures>(StringComparer.Ordinal);
        foreach (var e in entries.Where(e => e.Figures is null))
        {
            try
            {
                var content = (await store.Container.GetBlobClient(e.Report).DownloadContentAsync(cancellationToken)).Value.Content;
                figures[e.Report] = KeyFigures.From(ReportJson.Deserialize(content.ToMemory().Span));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or RequestFailedException)
            {
                // Missing or not a report this code wrote: the page shows the year without figures.
            }
        }
        return figures;
    }

    /// <summary>Sites written before per-year sitemaps had one per catalogue page: nothing lists them any more.</summary>
    public async Task DeletePageSitemapsAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in store.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, SiteLayout.SitemapsFolder + "/", cancellationToken))
        {
            if (PageSitemap().IsMatch(item.Name)) await store.Container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    [GeneratedRegex(@"^sitemaps/\d{4}-p\d{3}\.xml$")]
    private static partial Regex PageSitemap();
}
