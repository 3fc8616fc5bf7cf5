using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// Keeps every listing in step with the per-body manifests, which are the record. For one publication:
/// its body's manifest and page, one page of its report year's catalogue (and that page's sitemap), one
/// page of its month's archive, and the bounded recent list with the index and feed built from it.
/// Every update is idempotent (a record that already holds the entry is not written; a page is written only
/// when older than its record), so a retry after a crash repairs what is missing and writes nothing else.
/// </summary>
public sealed class SiteListings
{
    private readonly SiteStore _store;
    private readonly PublishingOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _siteBase;
    private readonly Func<string, CancellationToken, Task> _step;
    private volatile bool _siteFilesReady;

    /// <param name="step">Called before the first write of each step (<see cref="PublishSteps"/>), for fault injection.</param>
    public SiteListings(SiteStore store, PublishingOptions options, TimeProvider time, Uri siteBase, Func<string, CancellationToken, Task> step)
    {
        if (options.CataloguePageCount < 1) throw new ArgumentOutOfRangeException(nameof(options), "CataloguePageCount must be at least 1");
        _store = store;
        _options = options;
        _time = time;
        _siteBase = siteBase;
        _step = step;
    }

    public SiteStore Store => _store;

    /// <summary>How many pages each catalogue is split into (<see cref="PublishingOptions.CataloguePageCount"/>).</summary>
    public int PageCount => _options.CataloguePageCount;

    private DateTimeOffset Now => ChinaTime.ToChina(_time.GetUtcNow());

    private Func<Task> Step(string step, CancellationToken cancellationToken) => () => _step(step, cancellationToken);

    public async Task<(SiteManifest Manifest, ETag? ETag)> ReadBodyAsync(string body, CancellationToken cancellationToken)
    {
        var (manifest, etag) = await _store.ReadAsync<SiteManifest>(SiteLayout.BodyManifest(SiteSlug.ForBody(body)), cancellationToken, SiteManifest.JsonOptions);
        return (manifest ?? SiteManifest.Empty, etag);
    }

    /// <summary>Adds the entry to its body's manifest unless listed there (If-Match, retried); returns the manifest.</summary>
    public Task<SiteManifest> AddToBodyAsync(ManifestEntry entry, CancellationToken cancellationToken) =>
        UpdateBodyAsync(entry.Slug, m => m.Contains(entry.Body, entry.Year, entry.Version) ? null : m.With(entry, Now), cancellationToken);

    public async Task<SiteManifest> UpdateBodyAsync(string slug, Func<SiteManifest, SiteManifest?> change, CancellationToken cancellationToken)
    {
        var (manifest, _) = await _store.UpdateAsync<SiteManifest>(SiteLayout.BodyManifest(slug), m => change(m ?? SiteManifest.Empty),
            Step(PublishSteps.Manifest, cancellationToken), cancellationToken, SiteManifest.JsonOptions);
        return manifest ?? SiteManifest.Empty;
    }

    /// <summary>Brings every listing that shows <paramref name="entry"/> up to date; <paramref name="body"/> is its body's manifest as just read or written.</summary>
    public async Task RefreshAsync(ManifestEntry entry, SiteManifest body, CancellationToken cancellationToken)
    {
        // The manifest is the record: list the entry as it stands there (a withdrawal may have marked it meanwhile).
        entry = body.Publications.FirstOrDefault(p => p.IsFor(entry.Body, entry.Year) && p.Version == entry.Version) ?? entry;
        await EnsureSiteFilesAsync(cancellationToken);
        await WriteBodyPageAsync(entry.Slug, body, cancellationToken);
        var row = ListingRow.From(entry);
        var page = SiteLayout.PageOf(entry.Slug, _options.CataloguePageCount);
        await UpdateCatalogueAsync(CatalogueKey.Year(entry.Year), page, r => r.WithCurrent(row), cancellationToken);
        await UpdateCatalogueAsync(CatalogueKey.Month(SiteLayout.MonthKey(entry.PublishedAt)), page, r => r.WithPublication(row), cancellationToken);
        await UpdateRecentAsync(r => r.With(entry, Now), cancellationToken);
        await SiteSearch.AddBodyAsync(_store, entry.Body, entry.Slug, Step(PublishSteps.Search, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Marks a withdrawal in every listing: the body page, the year's catalogue row (the body's newest version, now marked),
    /// each withdrawn version's month row and the 撤回公告's row in its month, the recent list with feed and index.
    /// <paramref name="body"/> is the body's manifest after the withdrawal was recorded in it.
    /// </summary>
    public async Task RefreshWithdrawnAsync(IReadOnlyList<ManifestEntry> withdrawn, SiteManifest body, CancellationToken cancellationToken)
    {
        if (withdrawn.Count == 0) return;
        var first = withdrawn[0];
        await EnsureSiteFilesAsync(cancellationToken);
        await WriteBodyPageAsync(first.Slug, body, cancellationToken);
        var page = SiteLayout.PageOf(first.Slug, _options.CataloguePageCount);
        if (body.Latest(first.Body, first.Year) is { } newest)
        {
            var row = ListingRow.From(newest);
            await UpdateCatalogueAsync(CatalogueKey.Year(first.Year), page, r => r.WithCurrent(row), cancellationToken);
        }
        var monthRows = withdrawn.Select(ListingRow.From).Concat(withdrawn.Select(ListingRow.WithdrawalOf).OfType<ListingRow>().DistinctBy(r => r.Version));
        foreach (var month in monthRows.GroupBy(r => SiteLayout.MonthKey(r.PublishedAt)))
        {
            var rows = month.ToList();
            await UpdateCatalogueAsync(CatalogueKey.Month(month.Key), page, r =>
            {
                var folded = rows.Aggregate(r, (acc, row) => acc.WithPublication(row) ?? acc);
                return ReferenceEquals(folded, r) ? null : folded with { Generation = r.Generation + 1 };
            }, cancellationToken);
        }
        await UpdateRecentAsync(r =>
        {
            var folded = withdrawn.Aggregate(r, (acc, e) => acc.With(e, Now) ?? acc);
            return ReferenceEquals(folded, r) ? null : folded with { Generation = r.Generation + 1 };
        }, cancellationToken);
    }

    public Task WriteBodyPageAsync(string slug, SiteManifest body, CancellationToken cancellationToken) =>
        _store.WriteIfNewerAsync(SiteLayout.BodyPage(slug), body.Generation, () => Utf8(BodyPage.Render(body)), SiteStore.HtmlType,
            Step(PublishSteps.BodyPage, cancellationToken), cancellationToken);

    /// <summary>One page of a catalogue: its record, its HTML (and for a year its sitemap), then the catalogue's page set and index.</summary>
    /// <param name="rebuild">Also rebuild the catalogue's index and sitemaps even when the page set is unchanged (repair).</param>
    public async Task UpdateCatalogueAsync(CatalogueKey key, int page, Func<PageRecord, PageRecord?> change, CancellationToken cancellationToken, bool rebuild = false)
    {
        var step = Step(key.IsYear ? PublishSteps.YearPage : PublishSteps.MonthPage, cancellationToken);
        var (stored, _) = await _store.UpdateAsync<PageRecord>(key.PageRecord(page), r => change(r ?? PageRecord.Empty), step, cancellationToken);
        var record = stored ?? PageRecord.Empty;
        if (record.Rows.Count == 0) return;
        await _store.WriteIfNewerAsync(key.Page(page), record.Generation, () => Utf8(CataloguePages.RenderPage(key, page, record)), SiteStore.HtmlType, step, cancellationToken);
        var year = key.IsYear ? int.Parse(key.Key, CultureInfo.InvariantCulture) : 0;
        if (key.IsYear)
        {
            await _store.WriteIfNewerAsync(SiteLayout.YearSitemap(year, page), record.Generation, () => new BinaryData(Sitemap.RenderPage(record, _siteBase)),
                SiteStore.XmlType, step, cancellationToken);
        }
        // Only a catalogue's first rows on a page change its page set: at most CataloguePageCount writes per catalogue.
        // A rebuild renders the index again: its generation goes past the stored page's, whatever wrote that.
        var floor = rebuild ? await _store.StoredGenerationAsync(key.Index, cancellationToken) : -1;
        var (pages, _) = await _store.UpdateAsync<PageSet>(key.PagesRecord, p =>
            rebuild ? ((p ?? PageSet.Empty).With(page) ?? p!) with { Generation = Math.Max(p?.Generation ?? 0, floor) + 1 } : (p ?? PageSet.Empty).With(page),
            step, cancellationToken);
        pages ??= PageSet.Empty;
        var (first, last) = CataloguePages.Range(record);
        var (labels, _) = await _store.UpdateAsync<PageLabels>(key.LabelsRecord, l => (l ?? PageLabels.Empty).With(new PageLabel(page, first, last, record.Generation)),
            step, cancellationToken);
        labels ??= PageLabels.Empty;
        // Both records only grow in generation, so their sum orders the index builds.
        await _store.WriteIfNewerAsync(key.Index, pages.Generation + labels.Generation, () => Utf8(CataloguePages.RenderIndex(key, pages, labels)), SiteStore.HtmlType,
            step, cancellationToken);
        if (key.IsYear) await RefreshSitemapIndexAsync(year, pages, step, cancellationToken);
    }

    /// <summary>
    /// sitemap.xml and sitemaps/listings.xml change only when a year's page set does. sitemap.xml records the page-set
    /// generation of each year it was built from, so the usual case costs one HEAD request.
    /// </summary>
    private async Task RefreshSitemapIndexAsync(int year, PageSet pages, Func<Task> step, CancellationToken cancellationToken)
    {
        var yearKey = YearMetadata(year);
        try
        {
            var props = await _store.Container.GetBlobClient(SiteLayout.SitemapFile).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (props.Value.Metadata.TryGetValue(yearKey, out var g) && long.TryParse(g, CultureInfo.InvariantCulture, out var built) && built >= pages.Generation) return;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        var years = await ReadYearPageSetsAsync(cancellationToken);
        // The sum of the years' page-set generations only grows, so a build from an older snapshot never replaces a newer one.
        var generation = years.Sum(y => y.Pages.Generation);
        var metadata = years.ToDictionary(y => YearMetadata(y.Year), y => y.Pages.Generation.ToString(CultureInfo.InvariantCulture));
        await _store.WriteIfNewerAsync(SiteLayout.ListingsSitemap, generation, () => new BinaryData(Sitemap.RenderListings(years, _siteBase)), SiteStore.XmlType, step, cancellationToken);
        await _store.WriteIfNewerAsync(SiteLayout.SitemapFile, generation, () => new BinaryData(Sitemap.RenderIndex(years, _siteBase)), SiteStore.XmlType, step, cancellationToken,
            metadata);
    }

    private static string YearMetadata(int year) => string.Create(CultureInfo.InvariantCulture, $"y{year}");

    private async Task<List<(int Year, PageSet Pages)>> ReadYearPageSetsAsync(CancellationToken cancellationToken)
    {
        var years = new List<(int, PageSet)>();
        await foreach (var item in _store.Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", SiteLayout.YearsFolder + "/", cancellationToken))
        {
            if (!item.IsPrefix || !int.TryParse(item.Prefix.TrimEnd('/').Split('/')[^1], CultureInfo.InvariantCulture, out var year)) continue;
            var (pages, _) = await _store.ReadAsync<PageSet>(CatalogueKey.Year(year).PagesRecord, cancellationToken);
            if (pages is not null) years.Add((year, pages));
        }
        return years.OrderByDescending(y => y.Item1).ToList();
    }

    /// <summary>recent.json, then feed and index built from it.</summary>
    public async Task UpdateRecentAsync(Func<RecentList, RecentList?> change, CancellationToken cancellationToken)
    {
        var (stored, _) = await _store.UpdateAsync<RecentList>(SiteLayout.RecentFile, r => change(r ?? RecentList.Empty), Step(PublishSteps.Recent, cancellationToken), cancellationToken);
        var recent = stored ?? RecentList.Empty;
        await _store.WriteIfNewerAsync(AtomFeed.FileName, recent.Generation, () => new BinaryData(AtomFeed.Render(recent, _siteBase)), SiteStore.AtomType,
            Step(PublishSteps.Feed, cancellationToken), cancellationToken);
        await _store.WriteIfNewerAsync(IndexPage.FileName, recent.Generation, () => Utf8(IndexPage.Render(recent)), SiteStore.HtmlType,
            Step(PublishSteps.Index, cancellationToken), cancellationToken);
    }

    public async Task EnsureSiteFilesAsync(CancellationToken cancellationToken)
    {
        if (_siteFilesReady) return;
        await _store.WriteFixedAsync(SiteLayout.RobotsFile, Utf8(Sitemap.Robots(_siteBase)), SiteStore.TextType, _options.StylesheetCacheControl, cancellationToken);
        // The script's name carries its hash, so it never changes once written: cache it as immutable.
        await _store.WriteFixedAsync(SearchScript.FileName, new BinaryData(SearchScript.Bytes), SiteStore.ScriptType, _options.VersionedCacheControl, cancellationToken);
        _siteFilesReady = true;
    }

    private static BinaryData Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
