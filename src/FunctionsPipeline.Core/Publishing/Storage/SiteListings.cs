using System.Globalization;
using Azure.Storage.Blobs.Models;
using Azure;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// Keeps every listing in step with the per-body manifests, which are the record. For one publication:
/// its body's manifest and page, one page of its report year's catalogue (and when labels change its root's list), one
/// page of its month's archive, and the bounded recent list with the index and feed built from it.
/// Every update is idempotent (a record that already holds the entry is not written; a page is written only
/// when older than its record or its template), so a retry after a crash repairs what is missing and writes nothing else.
/// Pages are rendered by <see cref="IListingPages"/>; sitemaps are their own step, <see cref="WriteSitemapsAsync"/>.
/// </summary>
internal sealed class SiteListings
{
    private readonly SiteStore _store;
    private readonly PublishingOptions _options;
    private readonly TimeProvider _time;
    private readonly IListingPages _pages;
    private readonly Func<string, CancellationToken, Task> _step;
    private volatile bool _siteFilesReady;

    /// <param name="pages">Renders every listing page (Publishing/Pages).</param>
    /// <param name="step">Called before the first write of each step (<see cref="PublishSteps"/>), for fault injection.</param>
    public SiteListings(SiteStore store, PublishingOptions options, TimeProvider time, IListingPages pages, Func<string, CancellationToken, Task> step)
    {
        if (options.CataloguePageCount < 1) throw new ArgumentOutOfRangeException(nameof(options), "CataloguePageCount must be at least 1");
        if (options.CataloguePageRows is < 1 or > PublishingOptions.PageRowsDesignLoad)
            throw new ArgumentOutOfRangeException(nameof(options), $"CataloguePageRows must be 1 to {PublishingOptions.PageRowsDesignLoad}");
        _store = store;
        _options = options;
        _time = time;
        _pages = pages;
        _step = step;
    }

    public SiteStore Store => _store;

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
        ListingRow[] row = [ListingRow.From(entry)];
        await UpdateCatalogueAsync(CatalogueKey.Year(entry.Year), row, (r, x) => r.WithCurrent(x), cancellationToken);
        await UpdateCatalogueAsync(CatalogueKey.Month(SiteLayout.MonthKey(entry.PublishedAt)), row, (r, x) => r.WithPublication(x), cancellationToken);
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
        if (body.Latest(first.Body, first.Year) is { } newest)
        {
            await UpdateCatalogueAsync(CatalogueKey.Year(first.Year), [ListingRow.From(newest)], (r, row) => r.WithCurrent(row), cancellationToken);
        }
        var monthRows = withdrawn.Select(ListingRow.From).Concat(withdrawn.Select(ListingRow.WithdrawalOf).OfType<ListingRow>().DistinctBy(r => r.Version));
        foreach (var month in monthRows.GroupBy(r => SiteLayout.MonthKey(r.PublishedAt)))
        {
            await UpdateCatalogueAsync(CatalogueKey.Month(month.Key), month.ToList(), (r, row) => r.WithPublication(row), cancellationToken);
        }
        await UpdateRecentAsync(r =>
        {
            var folded = withdrawn.Aggregate(r, (acc, e) => acc.With(e, Now) ?? acc);
            return ReferenceEquals(folded, r) ? null : folded with { Generation = r.Generation + 1 };
        }, cancellationToken);
    }

    public Task WriteBodyPageAsync(string slug, SiteManifest body, CancellationToken cancellationToken) =>
        _store.WriteIfNewerAsync(SiteLayout.BodyPage(slug), body.Generation, _pages.Body(body), Step(PublishSteps.BodyPage, cancellationToken), cancellationToken);

    /// <summary>
    /// Lists <paramref name="rows"/> in a catalogue, each on the page that holds its body: the page's record, its HTML (and
    /// for a split root its list of pages), then the catalogue's page set, labels and index. The page comes from the catalogue's page
    /// set; a page that split since is found split and the rows follow to its halves. A page that passes its row limit
    /// splits (<see cref="PageTree"/>).
    /// </summary>
    /// <param name="add">Adds one row to a page's record; null when the record already has it as it is.</param>
    /// <param name="rebuild">Render every page the rows touch and the catalogue's index again, past whatever generation they have (repair).</param>
    public async Task UpdateCatalogueAsync(CatalogueKey key, IReadOnlyCollection<ListingRow> rows, Func<PageRecord, ListingRow, PageRecord?> add,
        CancellationToken cancellationToken, bool rebuild = false)
    {
        var write = new CatalogueWrite(key, add, Step(key.IsYear ? PublishSteps.YearPage : PublishSteps.MonthPage, cancellationToken), rebuild);
        var (stored, _) = await _store.ReadAsync<PageSet>(key.PagesRecord, cancellationToken);
        var pages = stored ?? PageSet.Empty;
        foreach (var group in rows.GroupBy(r => PageTree.LeafFor(pages, r.Slug, _options.CataloguePageCount)))
        {
            await UpdatePageAsync(write, group.Key, group.ToList(), seed: null, pages, cancellationToken);
        }
        if (key.IsYear && write.Listed is { } listed) await WriteSitemapsAsync(YearOf(key), listed, rebuild, write.Step, cancellationToken);
    }

    private sealed record CatalogueWrite(CatalogueKey Key, Func<PageRecord, ListingRow, PageRecord?> Add, Func<Task> Step, bool Rebuild)
    {
        /// <summary>The newest page set the catalogue's index was written from: the sitemaps follow it.</summary>
        public PageSet? Listed { get; set; }
    }

    /// <param name="seed">The rows the page starts with when it has no record yet: its share of the page it split from.</param>
    /// <param name="known">The catalogue's page set as read before.</param>
    private async Task UpdatePageAsync(CatalogueWrite write, string page, IReadOnlyList<ListingRow> rows, PageRecord? seed, PageSet known,
        CancellationToken cancellationToken)
    {
        var floor = write.Rebuild ? await _store.StoredGenerationAsync(write.Key.Page(page), cancellationToken) : 0;
        var (stored, wrote) = await _store.UpdateAsync<PageRecord>(write.Key.PageRecord(page), r =>
        {
            if (r is { Split: true }) return null;
            var start = r ?? seed ?? PageRecord.Empty;
            var folded = rows.Aggregate(start, (acc, row) => write.Add(acc, row) ?? acc);
            var next = write.Rebuild ? folded with { Generation = Math.Max(start.Generation, floor) + 1 }
                : !ReferenceEquals(folded, start) ? folded with { Generation = start.Generation + 1 }
                // Rows already there: a half that has no record yet is still written, with its share of the split page.
                : r is null && seed is { Rows.Count: > 0 } ? seed with { Generation = 1 }
                : null;
            return next is null ? null : Frozen(next, page);
        }, write.Step, cancellationToken);
        var record = stored ?? PageRecord.Empty;
        if (record.Split)
        {
            // Split by this write, or since the set was read. Finish the split (its writer may have stopped half way); rows
            // that did not go in before it froze go to the halves, each seeded from the frozen page if it has no record yet.
            await CompleteSplitAsync(write, page, record, cancellationToken);
            if (wrote) return;
            foreach (var half in rows.GroupBy(r => PageTree.Child(page, r.Slug)))
            {
                await UpdatePageAsync(write, half.Key, half.ToList(), record.SeedFor(page, half.Key), known, cancellationToken);
            }
            return;
        }
        if (record.Rows.Count == 0) return;
        await RenderPageAsync(write, page, record, cancellationToken);
        await ListPagesAsync(write, [(page, record)], known, cancellationToken);
    }

    /// <summary>
    /// A page record as written: frozen (split) in the same write when it passes the row limit, so no row written
    /// meanwhile is missed (the write is conditional) and the full page is never rendered again.
    /// </summary>
    private PageRecord Frozen(PageRecord record, string page) => record.ShouldSplit(page, _options.CataloguePageRows) ? record with { Split = true } : record;

    /// <summary>
    /// Each half of a split page gets its share of the frozen rows unless it has a record already, and its page (a half
    /// still over the limit is frozen in turn); then the split page links its halves, and the page set, labels and index
    /// list the halves in its place. Every step is idempotent, so whoever finds a page split finishes what its writer left.
    /// </summary>
    private async Task CompleteSplitAsync(CatalogueWrite write, string page, PageRecord split, CancellationToken cancellationToken)
    {
        var listed = new List<(string, PageRecord)>();
        var (zero, one) = PageTree.Children(page);
        foreach (var half in new[] { zero, one })
        {
            var seed = split.SeedFor(page, half);
            if (seed.Rows.Count == 0) continue;
            var floor = write.Rebuild ? await _store.StoredGenerationAsync(write.Key.Page(half), cancellationToken) : 0;
            var (stored, wrote) = await _store.UpdateAsync<PageRecord>(write.Key.PageRecord(half),
                r => r is null ? Frozen(seed with { Generation = floor + 1 }, half) : null, write.Step, cancellationToken);
            var record = stored ?? seed;
            if (record.Split)
            {
                // Frozen as it was seeded (a rebuild, or a smaller limit): split it in turn. Split later by a writer: theirs.
                if (wrote) await CompleteSplitAsync(write, half, record, cancellationToken);
                continue;
            }
            await RenderPageAsync(write, half, record, cancellationToken);
            listed.Add((half, record));
        }
        await RenderPageAsync(write, page, split, cancellationToken);
        if (listed.Count > 0) await ListPagesAsync(write, listed, PageSet.Empty, cancellationToken, PageTree.IsRootPage(page) ? (page, split.Generation) : null);
    }

    private Task RenderPageAsync(CatalogueWrite write, string page, PageRecord record, CancellationToken cancellationToken) =>
        _store.WriteIfNewerAsync(write.Key.Page(page), record.Generation, _pages.CataloguePage(write.Key, page, record), write.Step, cancellationToken);

    private static int YearOf(CatalogueKey key) => int.Parse(key.Key, CultureInfo.InvariantCulture);

    /// <summary>
    /// The catalogue's page set (only when a page is new to it: <paramref name="known"/> is the set as read before), each
    /// page's label (first and last name), and the index built from them.
    /// </summary>
    /// <param name="splitRoot">A root page that just split, with its frozen record: its page becomes the list of its subtree.</param>
    private async Task ListPagesAsync(CatalogueWrite write, IReadOnlyList<(string Page, PageRecord Record)> listed, PageSet known, CancellationToken cancellationToken,
        (string Page, long Generation)? splitRoot = null)
    {
        var key = write.Key;
        var pages = known;
        if (write.Rebuild || listed.Any(l => known.With(l.Page) is not null))
        {
            // A rebuild renders the index again: its generation goes past the stored page's, whatever wrote that.
            var floor = write.Rebuild ? await _store.StoredGenerationAsync(key.Index, cancellationToken) : -1;
            var (stored, _) = await _store.UpdateAsync<PageSet>(key.PagesRecord, p =>
            {
                var start = p ?? PageSet.Empty;
                var next = listed.Aggregate(start, (acc, l) => acc.With(l.Page) ?? acc);
                if (write.Rebuild) return next with { Generation = Math.Max(start.Generation, floor) + 1 };
                return ReferenceEquals(next, start) ? null : next with { Generation = start.Generation + 1 };
            }, write.Step, cancellationToken);
            pages = stored ?? PageSet.Empty;
        }
        // Each page's label goes to its root's labels; a root that split is a page listing its subtree's pages by those
        // labels. The catalogue's labels hold one per root (its subtree's first and last name), so its index stays at most
        // CataloguePageCount links however many pages there are.
        var roots = new List<PageLabel>();
        foreach (var root in listed.GroupBy(l => PageTree.RootOf(l.Page)))
        {
            var floor = splitRoot is { } split && split.Page == root.Key ? split.Generation : 0;
            var (stored, _) = await _store.UpdateAsync<PageLabels>(key.RootLabelsRecord(root.Key), l =>
            {
                var start = l ?? PageLabels.Empty;
                var next = root.Aggregate(start, (acc, x) =>
                {
                    var (first, last) = x.Record.NameRange();
                    return acc.With(new PageLabel(x.Page, first, last, x.Record.Generation)) ?? acc;
                });
                if (ReferenceEquals(next, start) && start.Generation > floor) return null;
                return next with { Generation = Math.Max(start.Generation, floor) + 1 };
            }, write.Step, cancellationToken);
            var subtree = stored ?? PageLabels.Empty;
            if (subtree.Labels.Count == 0) continue;
            if (subtree.Labels.Any(l => l.Page != root.Key))
            {
                // Its generation passed the split page's when the root split, so this replaces the page that linked only the halves.
                await _store.WriteIfNewerAsync(key.Page(root.Key), subtree.Generation, _pages.CatalogueRoot(key, root.Key, subtree), write.Step, cancellationToken);
            }
            var (first, last) = subtree.NameRange();
            roots.Add(new PageLabel(root.Key, first, last, subtree.Generation));
        }
        var (labels, _) = await _store.UpdateAsync<PageLabels>(key.LabelsRecord, l =>
        {
            var start = l ?? PageLabels.Empty;
            var next = roots.Aggregate(start, (acc, x) => acc.With(x) ?? acc);
            return ReferenceEquals(next, start) ? null : next with { Generation = start.Generation + 1 };
        }, write.Step, cancellationToken);
        labels ??= PageLabels.Empty;
        // Both records only grow in generation, so their sum orders the index builds.
        await _store.WriteIfNewerAsync(key.Index, pages.Generation + labels.Generation, _pages.CatalogueIndex(key, pages, labels), write.Step, cancellationToken);
        if (write.Listed is null || pages.Generation > write.Listed.Generation) write.Listed = pages;
    }

    /// <summary>
    /// A year's sitemap lists its catalogue's root pages (at most 64) and sitemap.xml one sitemap per year, so both change
    /// only when a root gets its first row; sitemaps/listings.xml only when a year is added (or on a rebuild).
    /// sitemap.xml records how many roots of each year it was built from (and its template), so the usual case costs one
    /// HEAD request. A step of its own, run after a year catalogue's index is written.
    /// </summary>
    private async Task WriteSitemapsAsync(int year, PageSet pages, bool rebuild, Func<Task> step, CancellationToken cancellationToken)
    {
        var yearKey = YearMetadata(year);
        var newYear = true;
        try
        {
            var props = await _store.Container.GetBlobClient(SiteLayout.SitemapFile).GetPropertiesAsync(cancellationToken: cancellationToken);
            newYear = !props.Value.Metadata.TryGetValue(yearKey, out var g);
            var current = PageVersion.From(props.Value.Metadata).Template >= _pages.SitemapTemplateVersion;
            if (!newYear && !rebuild && current && long.TryParse(g, CultureInfo.InvariantCulture, out var built) && built >= RootCount(pages)) return;
            // Built from an older template: every sitemap is written again, listings.xml too.
            rebuild |= !current;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        // The year's sitemap first: sitemap.xml records its root count only once it is written.
        await _store.WriteIfNewerAsync(SiteLayout.YearSitemap(year), RootCount(pages), _pages.YearSitemap(year, pages), step, cancellationToken);
        var years = await ReadYearPageSetsAsync(cancellationToken);
        // A year's roots with rows only grow, so their sum orders the builds: an older snapshot never replaces a newer one.
        var generation = years.Sum(y => RootCount(y.Pages));
        var metadata = years.ToDictionary(y => YearMetadata(y.Year), y => RootCount(y.Pages).ToString(CultureInfo.InvariantCulture));
        if (newYear || rebuild)
        {
            await _store.WriteIfNewerAsync(SiteLayout.ListingsSitemap, generation, _pages.ListingsSitemap(years), step, cancellationToken);
        }
        await _store.WriteIfNewerAsync(SiteLayout.SitemapFile, generation, _pages.SitemapIndex(years), step, cancellationToken, metadata);
    }

    private static int RootCount(PageSet pages) => pages.Pages.Select(PageTree.RootOf).Distinct().Count();

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
        await _store.WriteIfNewerAsync(SiteLayout.FeedFile, recent.Generation, _pages.Feed(recent), Step(PublishSteps.Feed, cancellationToken), cancellationToken);
        await _store.WriteIfNewerAsync(SiteLayout.IndexFile, recent.Generation, _pages.Index(recent), Step(PublishSteps.Index, cancellationToken), cancellationToken);
    }

    public async Task EnsureSiteFilesAsync(CancellationToken cancellationToken)
    {
        if (_siteFilesReady) return;
        foreach (var file in _pages.FixedFiles(_options))
        {
            await _store.WriteFixedAsync(file.Path, file.Content, file.ContentType, file.CacheControl, cancellationToken);
        }
        _siteFilesReady = true;
    }
}
