using FunctionsPipeline.Core.Publishing.Site;
using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Publishing.Migration;
using FunctionsPipeline.Core.Publishing.Storage;
using Azure.Storage.Blobs.Models;
using Azure;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>What <see cref="SiteRebuilder.RebuildAsync"/> found and wrote.</summary>
/// <param name="OpenData">The open data files: every body's data file matched to its manifest, every year's combined files rebuilt.</param>
public sealed record RebuildResult(int Bodies, int Publications, int Years, int Months, bool LegacyManifestUpgraded, int UnlistedVersionsAdded,
    OpenDataResult? OpenData = null);

/// <summary>
/// Rebuilds every listing from the versioned files (<c>fp site rebuild</c>). The publications are the union of
/// the per-body manifests, the global manifest.json a site of the earlier layout has, and every version folder
/// whose report.json, PDF, HTML and notice are all there (a publication that crashed after its notice and was
/// never retried). Each body's manifest is merged and every record is rewritten with a higher generation, so
/// every page is rendered again; records are written with ETag conditions and only ever gain entries, so a
/// publication running at the same time is not lost. What an earlier layout left (<see cref="LegacyLayout"/>) is
/// upgraded on the way: the global manifest.json is deleted once every entry it lists is in its body's manifest.
/// </summary>
internal sealed partial class SiteRebuilder(SitePublisher publisher, TimeProvider time)
{
    public async Task<RebuildResult> RebuildAsync(IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var container = publisher.Container;
        var listings = publisher.Listings;
        var store = listings.Store;
        var legacyLayout = new LegacyLayout(store);
        if (!await container.ExistsAsync(cancellationToken)) return new RebuildResult(0, 0, 0, 0, false, 0);

        var known = new Dictionary<(string Body, int Year, int Version), ManifestEntry>();
        var legacy = await legacyLayout.ReadGlobalManifestAsync(cancellationToken);
        foreach (var e in legacy?.Publications ?? ValueList<ManifestEntry>.Empty) known.TryAdd((e.Body, e.Year, e.Version), e);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, SiteLayout.BodiesFolder + "/", cancellationToken))
        {
            if (!item.Name.EndsWith("/" + SiteManifest.FileName, StringComparison.Ordinal)) continue;
            var (body, _) = await store.ReadAsync<SiteManifest>(item.Name, cancellationToken, SiteManifest.JsonOptions);
            // A body's own manifest wins over the legacy global one: only it records withdrawals.
            foreach (var e in body?.Publications ?? ValueList<ManifestEntry>.Empty) known[(e.Body, e.Year, e.Version)] = e;
        }
        var unlisted = await FindUnlistedVersionsAsync(known, cancellationToken);
        var entries = known.Values.Concat(unlisted).ToList();

        var now = ChinaTime.ToChina(time.GetUtcNow());
        // Every record's generation goes past that of the page stored from it, so every page is rendered again.
        // Bodies are independent: several at a time (a portal has tens of thousands).
        var bodies = entries.GroupBy(e => e.Slug).ToList();
        var bodiesDone = 0;
        progress?.Report(new WorkProgress("bodies", 0, bodies.Count));
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (body, cancellationToken) =>
        {
            var floor = await store.StoredGenerationAsync(SiteLayout.BodyPage(body.Key), cancellationToken);
            var figures = await legacyLayout.MissingFiguresAsync(body, cancellationToken);
            var merged = await listings.UpdateBodyAsync(body.Key, m =>
            {
                var all = m.Publications.Concat(body.Where(e => !m.Contains(e.Body, e.Year, e.Version)))
                    .Select(e => e.Figures is null && figures.TryGetValue(e.Report, out var f) ? e with { Figures = f } : e)
                    .OrderBy(e => e.Year).ThenBy(e => e.Version).ToValueList();
                return new SiteManifest(Math.Max(m.Generation, floor) + 1, now, all);
            }, cancellationToken);
            await listings.WriteBodyPageAsync(body.Key, merged, cancellationToken);
            progress?.Report(new WorkProgress("bodies", Interlocked.Increment(ref bodiesDone), bodies.Count));
        });

        // Each catalogue's rows at once: every page they land on is rendered again (and split if over its limit).
        var rows = entries.Select(ListingRow.From).ToList();
        var years = rows.GroupBy(r => r.Year).ToList();
        // A withdrawal's 撤回公告 is listed in the month it was published, beside the publications.
        var months = rows.Concat(entries.Select(ListingRow.WithdrawalOf).OfType<ListingRow>()).GroupBy(r => SiteLayout.MonthKey(r.PublishedAt)).ToList();
        var catalogues = 0;
        progress?.Report(new WorkProgress("catalogues", 0, years.Count + months.Count));
        foreach (var year in years)
        {
            await listings.UpdateCatalogueAsync(CatalogueKey.Year(year.Key), year.ToList(), (p, row) => p.WithCurrent(row), cancellationToken, rebuild: true);
            progress?.Report(new WorkProgress("catalogues", ++catalogues, years.Count + months.Count));
        }
        foreach (var month in months)
        {
            await listings.UpdateCatalogueAsync(CatalogueKey.Month(month.Key), month.ToList(), (p, row) => p.WithPublication(row), cancellationToken, rebuild: true);
            progress?.Report(new WorkProgress("catalogues", ++catalogues, years.Count + months.Count));
        }
        await legacyLayout.DeletePageSitemapsAsync(cancellationToken);
        var recentFloor = Math.Max(await store.StoredGenerationAsync(SiteLayout.IndexFile, cancellationToken),
            await store.StoredGenerationAsync(SiteLayout.FeedFile, cancellationToken));
        await listings.UpdateRecentAsync(r =>
        {
            var folded = entries.Aggregate(r, (acc, e) => acc.With(e, now) ?? acc);
            return folded with { Generation = Math.Max(r.Generation, recentFloor) + 1, UpdatedAt = now };
        }, cancellationToken);

        await listings.EnsureSiteFilesAsync(cancellationToken);
        await SiteSearch.AddBodiesAsync(store, entries.Select(e => (e.Body, e.Slug)).Distinct().ToList(), cancellationToken);

        var upgraded = legacy is not null && await legacyLayout.DeleteGlobalManifestIfCoveredAsync(legacy, listings, cancellationToken);
        // The open data from the manifests as merged: each body's data file, then every year's combined files.
        var openData = await publisher.Data.RebuildAsync(entries, cancellationToken);
        return new RebuildResult(entries.Select(e => e.Slug).Distinct().Count(), entries.Count, years.Count, months.Count, upgraded, unlisted.Count, openData);
    }

    /// <summary>Version folders with all four files that no manifest lists, read back from their report.json.</summary>
    private async Task<List<ManifestEntry>> FindUnlistedVersionsAsync(Dictionary<(string Body, int Year, int Version), ManifestEntry> known, CancellationToken cancellationToken)
    {
        var container = publisher.Container;
        var files = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, SiteSlug.ReportsFolder + "/", cancellationToken)) files[item.Name] = item;
        var listed = known.Values.Select(e => e.Report).ToHashSet(StringComparer.Ordinal);
        var found = new List<ManifestEntry>();
        foreach (var (name, item) in files)
        {
            var match = VersionReport().Match(name);
            if (!match.Success || listed.Contains(name)) continue;
            var folder = name[..^(SitePublisher.ReportDataFile.Length + 1)];
            string Pdf() => $"{folder}/{SitePublisher.PdfFile}";
            if (!files.ContainsKey(Pdf()) || !files.ContainsKey($"{folder}/{SitePublisher.HtmlFile}") || !files.ContainsKey($"{folder}/{SiteLayout.NoticeFile}")) continue;
            AnnualReport report;
            try
            {
                report = ReportJson.Deserialize((await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToMemory().Span);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or RequestFailedException)
            {
                continue; // not a report this code wrote; leave it alone
            }
            var version = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (SiteSlug.VersionFolder(report.Body, report.Year, version) != folder) continue;
            var publishedAt = item.Metadata.TryGetValue("publishedat", out var at) &&
                              DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? ChinaTime.ToChina(parsed)
                : ChinaTime.ToChina(item.Properties.LastModified ?? DateTimeOffset.UnixEpoch);
            var pdf = files[Pdf()];
            // Versions published before OFD output have no report.ofd: listed without one.
            var ofd = files.GetValueOrDefault($"{folder}/{SitePublisher.OfdFile}");
            found.Add(new ManifestEntry(report.Body, report.Year, version, publishedAt, PublicationKind.Publish, report.Title, SiteSlug.ForBody(report.Body),
                Pdf(), $"{folder}/{SitePublisher.HtmlFile}", $"{folder}/{SiteLayout.NoticeFile}", name,
                pdf.Metadata.TryGetValue("contentsha256", out var pdfHash) ? pdfHash : "",
                pdf.Properties.ContentLength ?? 0,
                item.Metadata.TryGetValue("contentsha256", out var hash) ? hash : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ReportJson.Serialize(report))),
                Ofd: ofd?.Name,
                OfdSha256: ofd is null ? null : ofd.Metadata.TryGetValue("contentsha256", out var ofdHash) ? ofdHash : "",
                OfdBytes: ofd?.Properties.ContentLength,
                Figures: KeyFigures.From(report)));
        }
        // A version is a correction when the same body and year has a lower one.
        var all = known.Values.Concat(found).ToList();
        return found.Select(e => all.Any(o => o.Body == e.Body && o.Year == e.Year && o.Version < e.Version) ? e with { Kind = PublicationKind.Correction } : e).ToList();
    }

    [GeneratedRegex(@"^reports/([^/]+)/(?:\d{4})/v(\d+)/report\.json$")]
    private static partial Regex VersionReport();
}
