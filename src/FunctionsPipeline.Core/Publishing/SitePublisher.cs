using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Registry;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.OpenData;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Rendering.Ofd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// The public site's one writer: everything that changes the static website container goes through here —
/// <see cref="PublishAsync"/> (one validated report), <see cref="WithdrawAsync"/> (撤回) and <see cref="RebuildAsync"/> —
/// and <see cref="PlanAsync"/> says what a publication would do (the preview shows the same plan). Its storage protocol
/// (<c>Storage/</c>), pages (<c>Pages/</c>) and migrations (<c>Migration/</c>) are internal to Publishing.
/// <para>
/// Write order of a publication: the version's files (report.json, PDF, OFD, HTML) → site.css → notice → the body's
/// manifest → its open data file (<c>data/{year}/bodies/{slug}.json</c>; the year's combined files are rebuilt by
/// <see cref="RefreshOpenDataAsync"/>, never here) → the listings (<see cref="SiteListings"/>: body page, one page of the year's catalogue,
/// one page of the month's archive, recent list, feed, index), so no listing ever links to something
/// missing. The body's manifest (bodies/{slug}/manifest.json) is the record: a version counts as
/// published once it is listed there; there is no global manifest, so publications of different
/// bodies never contend on it. A version number is claimed by creating its report.json with
/// If-None-Match:* (tagged with the data's hash), so a retry after a crash re-uses its own claim and
/// a concurrent publication takes the next number. Records are written with ETag conditions and
/// retried; pages carry the generation of the record they were built from and are only ever replaced
/// by a newer one. Hence a crash between any two steps followed by a retry lists every publication
/// exactly once.
/// </para>
/// </summary>
public sealed class SitePublisher : IPreviousReports
{
    public const string ReportDataFile = "report.json";
    public const string PdfFile = "report.pdf";
    public const string HtmlFile = "report.html";
    public const string OfdFile = "report.ofd";

    private const string HtmlType = "text/html; charset=utf-8";
    private const string JsonType = "application/json; charset=utf-8";
    private const string AtomType = "application/atom+xml; charset=utf-8";
    private const string CssType = "text/css; charset=utf-8";
    private const string PdfType = "application/pdf";
    private const string HashMetadata = "contentsha256";
    private const string PublishedAtMetadata = "publishedat";
    private const string ClaimantMetadata = "claimant";

    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private SiteWithdrawal? _withdrawal;
    private readonly PublishingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SitePublisher> _logger;
    private readonly IPublishFaults? _faults;
    private readonly SiteListings _listings;
    private readonly DataFiles _data;
    private volatile bool _containerReady;
    private volatile bool _stylesheetReady;
    private readonly IRegisterSource? _register;
    // With a register loaded, the index and the year catalogues link each year's 年度报告发布情况 (PublicationStatusPage).
    private volatile bool _statusLinks;

    public SitePublisher(BlobServiceClient service, IOptions<PublishingOptions> options, TimeProvider time,
        ILogger<SitePublisher>? logger = null, IPublishFaults? faults = null, SiteCaches? caches = null, IRegisterSource? register = null)
    {
        _register = register;
        _options = options.Value;
        _service = service;
        _container = service.GetBlobContainerClient(_options.ContainerName);
        _time = time;
        _logger = logger ?? NullLogger<SitePublisher>.Instance;
        _faults = faults;
        var root = _options.SiteBaseUrl ?? _container.Uri;
        SiteBase = new Uri(root.AbsoluteUri.EndsWith('/') ? root.AbsoluteUri : root.AbsoluteUri + "/");
        _data = new DataFiles(_container, _options, _time, _logger, Stats);
        _listings = new SiteListings(new SiteStore(_container, _options, _time, _logger, Stats, caches), _options, _time, new ListingPages(SiteBase, () => _statusLinks), StepAsync);
    }

    /// <summary>What this publisher wrote so far (bytes, listing bytes, ETag retries): for the bench and logs.</summary>
    internal SiteWriteStats Stats { get; } = new();

    internal SiteListings Listings => _listings;

    /// <summary>The open data files (data/): written only through this publisher.</summary>
    internal DataFiles Data => _data;

    /// <summary>The site root every absolute link starts from, ending in '/'.</summary>
    public Uri SiteBase { get; }

    internal BlobContainerClient Container => _container;

    internal PublishingOptions Options => _options;

    /// <summary>The site's container name (<c>$web</c>), for messages.</summary>
    public string ContainerName => _container.Name;

    /// <summary>The site's home page.</summary>
    public Uri IndexUrl => UrlOf(IndexPage.FileName);

    /// <summary>A body's page.</summary>
    public Uri BodyPageUrl(string slug) => UrlOf(SiteLayout.BodyPage(slug));

    /// <summary>Creates the site's container if it is missing (with <see cref="PublishingOptions.ContainerPublicAccess"/>).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken = default) => EnsureContainerAsync(cancellationToken);

    /// <summary>
    /// Takes a body and year's publication off the site (撤回, every version of it) with a 撤回公告; each withdrawn file is kept
    /// in the private archive container (<see cref="PublishingOptions.ArchiveContainer"/>). <paramref name="requestId"/> tells
    /// this request's retries (which complete it) from another request (which finds it withdrawn).
    /// </summary>
    public async Task<SiteWithdrawalResult> WithdrawAsync(WithdrawalOrder order, string requestId, string requestName, CancellationToken cancellationToken = default)
    {
        await RefreshStatusLinksAsync(cancellationToken);
        return await (_withdrawal ??= new SiteWithdrawal(this, _service.GetBlobContainerClient(_options.ArchiveContainer), _time, _logger))
            .WithdrawAsync(order, requestId, requestName, cancellationToken);
    }

    /// <summary>
    /// Rebuilds every listing from the versioned files (<c>fp site rebuild</c>): the way to refresh every page at once, and
    /// to repair a site whose listings were lost. Publishing and withdrawing keep the listings right without it.
    /// </summary>
    public Task<RebuildResult> RebuildAsync(CancellationToken cancellationToken = default) => RebuildAsync(null, cancellationToken);

    /// <inheritdoc cref="RebuildAsync(CancellationToken)"/>
    /// <param name="progress">Told how many bodies, then catalogue pages, are done (<see cref="WorkProgress"/>).</param>
    /// <param name="cancellationToken">Stops the rebuild (what it wrote stays right; run it again).</param>
    public async Task<RebuildResult> RebuildAsync(IProgress<WorkProgress>? progress, CancellationToken cancellationToken = default)
    {
        await RefreshStatusLinksAsync(cancellationToken);
        return await new SiteRebuilder(this, _time).RebuildAsync(progress, cancellationToken);
    }

    /// <summary>Calls the fault hook (tests) before a write step of the site, as publishing does before each of its steps.</summary>
    internal Task BeforeStepAsync(string step, CancellationToken cancellationToken) => StepAsync(step, cancellationToken);

    /// <summary>Absolute, percent-encoded URL of a site path.</summary>
    public Uri UrlOf(string sitePath) => new(SiteBase, SiteSlug.UrlPath(sitePath));

    /// <summary>
    /// Publishes the report with the PDF and web page rendered from it (renders nothing itself).
    /// <paramref name="claimant"/> names who publishes (the pipeline passes the upload's name and version): when another
    /// claimant published the same data at the same moment, this call completes that publication with it and returns
    /// <see cref="PublishOutcome.Joined"/>; a retry by the same claimant after a crash resumes its own.
    /// </summary>
    public async Task<PublishResult> PublishAsync(AnnualReport report, RenderedReport rendered, string? claimant = null,
        CancellationToken cancellationToken = default)
    {
        await RefreshStatusLinksAsync(cancellationToken);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rendered);
        var pdf = rendered.Pdf;
        await EnsureContainerAsync(cancellationToken);

        var data = ReportJson.Serialize(report);
        var (manifest, _) = await ReadManifestAsync(report.Body, cancellationToken);
        // Whether there is anything to publish, and the number to claim; what it corrects is settled once the number is claimed.
        var plan = await PlanAsync(manifest, report, Sha256.Hex(data), cancellationToken, withChanges: false);
        if (plan.Kind == PublicationPlanKind.Unchanged)
        {
            // Same data as what is published. Only repair listings a crash left behind the manifest.
            var live = plan.Live!;
            await WriteOpenDataAsync(live, report, cancellationToken);
            await RefreshListingsAsync(live, manifest, cancellationToken);
            // A redelivery of the claimant that published this very version (its record was lost to a crash or an
            // outage): its own outcome again, not unchanged.
            if (await ClaimedByAsync(live, ClaimantHash(claimant), cancellationToken))
            {
                _logger.LogInformation("{Body} {Year} version {Version} was published by this claimant: reporting it again", report.Body, report.Year, live.Version);
                return ResultFor(live.Kind == PublicationKind.Correction ? PublishOutcome.Corrected : PublishOutcome.Published, live, null);
            }
            _logger.LogInformation("Unchanged: {Body} {Year} is already published as version {Version}", report.Body, report.Year, live.Version);
            return ResultFor(PublishOutcome.Unchanged, live, null);
        }

        var claim = await ClaimVersionAsync(report, data, plan.ContentSha256, ClaimantHash(claimant), plan.NextVersion, cancellationToken);
        var (version, publishedAt) = (claim.Version, claim.PublishedAt);
        var folder = SiteSlug.VersionFolder(report.Body, report.Year, version);
        // The version this one corrects: the newest live one below it. If another publication took the number planned,
        // re-read the manifest: that one may have been listed meanwhile.
        if (version != plan.NextVersion) (manifest, _) = await ReadManifestAsync(report.Body, cancellationToken);
        plan = await PlanAsync(manifest, report, plan.ContentSha256, cancellationToken, belowVersion: version);
        var (previous, changes) = (plan.Live, plan.Changes);

        // Versioned files are written once: a retry after a crash, or a duplicate delivery racing this
        // one, finds them already there and adopts what is stored, so the manifest's PDF hash always
        // describes the PDF actually served (a re-render carries another creation time).
        var folderPdf = $"{folder}/{PdfFile}";
        await StepAsync(PublishSteps.Pdf, cancellationToken);
        var storedPdf = await UploadOnceAsync(folderPdf, new BinaryData(pdf), PdfType, cancellationToken,
            hash: Sha256.Hex(pdf), contentDisposition: $"inline; filename*=UTF-8''{Uri.EscapeDataString(report.Title)}.pdf");

        // The OFD beside it, written once the same way (a retry adopts the stored one and its hash).
        var folderOfd = $"{folder}/{OfdFile}";
        await StepAsync(PublishSteps.Ofd, cancellationToken);
        var storedOfd = await UploadOnceAsync(folderOfd, new BinaryData(rendered.Ofd), OfdRenderer.ContentType, cancellationToken,
            hash: Sha256.Hex(rendered.Ofd), contentDisposition: $"attachment; filename*=UTF-8''{Uri.EscapeDataString(report.Title)}.ofd");

        var entry = new ManifestEntry(
            Body: report.Body,
            Year: report.Year,
            Version: version,
            PublishedAt: publishedAt,
            Kind: plan.PublicationKind,
            Title: report.Title,
            Slug: SiteSlug.ForBody(report.Body),
            Pdf: folderPdf,
            Html: $"{folder}/{HtmlFile}",
            Notice: $"{folder}/{NoticePage.FileName}",
            Report: $"{folder}/{ReportDataFile}",
            PdfSha256: storedPdf.Sha256 ?? Sha256.Hex(pdf),
            PdfBytes: storedPdf.Length,
            ContentSha256: plan.ContentSha256,
            Ofd: folderOfd,
            OfdSha256: storedOfd.Sha256 ?? Sha256.Hex(rendered.Ofd),
            OfdBytes: storedOfd.Length,
            Figures: KeyFigures.From(report),
            IndexSerial: CatalogueMetadata.NextSerial(manifest, report.Body, publishedAt, await SerialBaseAsync(report.Body, cancellationToken)));

        // The page as published: its download list states the files as stored (a retry may have kept another render's
        // PDF), and its catalogue metadata needs the version and its time, known only now.
        var catalogue = CatalogueMetadata.For(entry, report.CreditCode);
        var html = HtmlReportRenderer.Render(DocumentBuilder.Build(report), NoticePage.RootHref,
            new ReportFiles(entry.PdfSha256, entry.PdfBytes, entry.OfdSha256, entry.OfdBytes), new PublicationHeader(catalogue.RenderHead(), catalogue.RenderBox()));
        await StepAsync(PublishSteps.Html, cancellationToken);
        await UploadOnceAsync(entry.Html, Utf8(html), HtmlType, cancellationToken);

        await EnsureStylesheetAsync(cancellationToken);

        await StepAsync(PublishSteps.Notice, cancellationToken);
        var yearOverYear = await YearOverYearAsync(manifest, entry, cancellationToken);
        var notice = NoticePage.Render(new NoticeContent(entry, report, previous, changes, yearOverYear));
        // The notice is rewritten if the publication is withdrawn (已撤回), so caches revalidate it rather than keep it a year.
        await UploadOnceAsync(entry.Notice, Utf8(notice), HtmlType, cancellationToken, cacheControl: _options.ListingCacheControl);

        await StepAsync(PublishSteps.Manifest, cancellationToken);
        var listed = await AddToManifestAsync(entry, cancellationToken);

        // The body's open data file, before any page links the year's combined files (which it creates if missing).
        await WriteOpenDataAsync(entry, report, cancellationToken);

        await RefreshListingsAsync(entry, listed, cancellationToken);

        var outcome = claim.Joined ? PublishOutcome.Joined : previous is null ? PublishOutcome.Published : PublishOutcome.Corrected;
        _logger.LogInformation("{Outcome}: {Body} {Year} version {Version} at {PublishedAt}", outcome, report.Body, report.Year, version, entry.PublishedAt);
        return ResultFor(outcome, entry, changes);
    }

    /// <summary>
    /// What publishing <paramref name="report"/> would do now: the live version, the kind (first, correction, unchanged,
    /// after a withdrawal), the changes against the live version and the version number it would take. The preview shows
    /// exactly this; the publication follows it.
    /// </summary>
    public async Task<PublicationPlan> PlanAsync(AnnualReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (manifest, _) = await ReadManifestAsync(report.Body, cancellationToken);
        var plan = await PlanAsync(manifest, report, Sha256.Hex(ReportJson.Serialize(report)), cancellationToken, withChanges: true);
        // The 索引号 serial it would take if published now (the preview's notice shows it).
        return plan with { IndexSerial = CatalogueMetadata.NextSerial(manifest, report.Body, _time.GetUtcNow(), await SerialBaseAsync(report.Body, cancellationToken)) };
    }

    /// <param name="belowVersion">The version being published (claimed): the plan is against what is below it, and never unchanged.</param>
    /// <param name="withChanges">Read the live version to list the changes (a correction's plan needs them; deciding whether to publish does not).</param>
    private async Task<PublicationPlan> PlanAsync(SiteManifest manifest, AnnualReport report, string contentHash, CancellationToken cancellationToken,
        int? belowVersion = null, bool withChanges = true)
    {
        var next = belowVersion ?? (manifest.Latest(report.Body, report.Year)?.Version ?? 0) + 1;
        for (var attempt = 1; ; attempt++)
        {
            // Withdrawn versions are not live (their files left the site): after a withdrawal the next version is a new publication.
            var live = manifest.LatestLive(report.Body, report.Year, belowVersion ?? int.MaxValue);
            if (live is null)
            {
                var kind = manifest.Latest(report.Body, report.Year, belowVersion ?? int.MaxValue) is null ? PublicationPlanKind.First : PublicationPlanKind.AfterWithdrawal;
                return new PublicationPlan(kind, null, next, null, contentHash);
            }
            if (belowVersion is null && live.ContentSha256 == contentHash) return new PublicationPlan(PublicationPlanKind.Unchanged, live, live.Version, null, contentHash);
            if (!withChanges) return new PublicationPlan(PublicationPlanKind.Correction, live, next, null, contentHash);
            try
            {
                var changes = ReportDiff.Compare(await ReadReportAsync(live.Report, cancellationToken), report);
                return new PublicationPlan(PublicationPlanKind.Correction, live, next, changes, contentHash);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt == 1)
            {
                // Withdrawn since the manifest was read (a withdrawal marks the manifest before its files leave): read it again.
                (manifest, _) = await ReadManifestAsync(report.Body, cancellationToken);
            }
        }
    }

    /// <summary>The live (not withdrawn) version's manifest entry for body and year, or null if none is on the site.</summary>
    public async Task<ManifestEntry?> GetLiveEntryAsync(string body, int year, CancellationToken cancellationToken = default)
    {
        var (manifest, _) = await ReadManifestAsync(body, cancellationToken);
        return manifest.LatestLive(body, year);
    }

    /// <summary>The live (not withdrawn) report data for body and year, or null if none is on the site.</summary>
    public async Task<AnnualReport?> GetLatestAsync(string body, int year, CancellationToken cancellationToken = default)
    {
        var (manifest, _) = await ReadManifestAsync(body, cancellationToken);
        var entry = manifest.LatestLive(body, year);
        return entry is null ? null : await ReadReportAsync(entry.Report, cancellationToken);
    }

    /// <summary>
    /// The live (not withdrawn) version of body and year with its report data, or null if none is on the site (the region's
    /// summary reads each body this way). A version withdrawn between the two reads is read again: the next live one, or none.
    /// </summary>
    public async Task<(ManifestEntry Entry, AnnualReport Report)?> GetLiveReportAsync(string body, int year, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (manifest, _) = await ReadManifestAsync(body, cancellationToken);
            if (manifest.LatestLive(body, year) is not { } entry) return null;
            try
            {
                return (entry, await ReadReportAsync(entry.Report, cancellationToken));
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt == 1)
            {
                // Withdrawn since the manifest was read (a withdrawal marks the manifest before its files leave): read it again.
            }
        }
    }

    /// <summary>The body's latest published report for the most recent year before <paramref name="beforeYear"/> (for year-on-year checks).</summary>
    public async Task<AnnualReport?> GetLatestForBodyAsync(string body, int beforeYear, CancellationToken cancellationToken = default)
    {
        var (manifest, _) = await ReadManifestAsync(body, cancellationToken);
        var entry = manifest.LatestForBody(body, beforeYear);
        return entry is null ? null : await ReadReportAsync(entry.Report, cancellationToken);
    }

    Task<AnnualReport?> IPreviousReports.FindAsync(string body, int beforeYear, CancellationToken cancellationToken) =>
        GetLatestForBodyAsync(body, beforeYear, cancellationToken);

    /// <summary>One body's manifest: every version it published.</summary>
    public async Task<SiteManifest> GetBodyManifestAsync(string body, CancellationToken cancellationToken = default) =>
        (await ReadManifestAsync(body, cancellationToken)).Manifest;

    /// <summary>
    /// Every publication on the site, gathered from all per-body manifests (generation: their sum). Reads the whole
    /// site: for tools and tests, never used while publishing.
    /// </summary>
    public async Task<SiteManifest> GetManifestAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<ManifestEntry>();
        long generation = 0;
        DateTimeOffset? updated = null;
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, SiteLayout.BodiesFolder + "/", cancellationToken))
        {
            if (!item.Name.EndsWith("/" + SiteManifest.FileName, StringComparison.Ordinal)) continue;
            var (body, _) = await _listings.Store.ReadAsync<SiteManifest>(item.Name, cancellationToken, SiteManifest.JsonOptions);
            if (body is null) continue;
            all.AddRange(body.Publications);
            generation += body.Generation;
            if (body.UpdatedAt > updated || updated is null) updated = body.UpdatedAt;
        }
        var ordered = all.OrderBy(p => p.PublishedAt).ThenBy(p => p.Body, StringComparer.Ordinal).ThenBy(p => p.Year).ThenBy(p => p.Version);
        return new SiteManifest(generation, updated, ordered.ToValueList());
    }

    // ---- steps ------------------------------------------------------------------------------

    /// <summary>
    /// The entry's figures against the current version of the body's latest earlier year, from that entry's stored
    /// figures (or its report.json, for an entry written before figures were stored); null for a body's first year.
    /// </summary>
    private async Task<YearOverYear?> YearOverYearAsync(SiteManifest manifest, ManifestEntry entry, CancellationToken cancellationToken)
    {
        if (manifest.LatestForBody(entry.Body, entry.Year) is not { } earlier || entry.Figures is not { } current) return null;
        var figures = earlier.Figures ?? KeyFigures.From(await ReadReportAsync(earlier.Report, cancellationToken));
        return new YearOverYear(earlier.Year, figures, current);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady) return;
        await _container.CreateIfNotExistsAsync(_options.ContainerPublicAccess, cancellationToken: cancellationToken);
        _containerReady = true;
    }

    /// <summary>
    /// Claims the first free version number from <paramref name="first"/> by creating its report.json.
    /// A report.json with the same data hash is re-used: our own claim from an attempt that crashed, or (another
    /// claimant) the same data published at the same moment, which this call then joins.
    /// The claim records the publication time, so every attempt at this version shows the same time.
    /// </summary>
    private async Task<(int Version, DateTimeOffset PublishedAt, bool Joined)> ClaimVersionAsync(AnnualReport report, byte[] data, string contentHash,
        string? claimant, int first, CancellationToken cancellationToken)
    {
        await StepAsync(PublishSteps.ReportData, cancellationToken);
        var now = ChinaTime.ToChina(_time.GetUtcNow());
        for (var version = first; ; version++)
        {
            var path = $"{SiteSlug.VersionFolder(report.Body, report.Year, version)}/{ReportDataFile}";
            try
            {
                await UploadAsync(path, new BinaryData(data), JsonType, _options.VersionedCacheControl, cancellationToken,
                    metadata: new Dictionary<string, string>
                    {
                        [HashMetadata] = contentHash,
                        [PublishedAtMetadata] = now.ToString("O", CultureInfo.InvariantCulture),
                        [ClaimantMetadata] = claimant ?? "",
                    },
                    conditions: new BlobRequestConditions { IfNoneMatch = ETag.All });
                return (version, now, false);
            }
            catch (RequestFailedException ex) when (IsConditionFailure(ex))
            {
                var existing = await _container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
                if (existing.Value.Metadata.TryGetValue(HashMetadata, out var hash) && hash == contentHash)
                {
                    var claimedAt = existing.Value.Metadata.TryGetValue(PublishedAtMetadata, out var at) &&
                                    DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                        ? ChinaTime.ToChina(parsed)
                        : now;
                    var joined = claimant is not null && existing.Value.Metadata.TryGetValue(ClaimantMetadata, out var by) && by.Length > 0 && by != claimant;
                    return (version, claimedAt, joined);
                }
                _logger.LogInformation("Version {Version} of {Body} {Year} is taken by other data; trying the next", version, report.Body, report.Year);
            }
        }
    }

    /// <summary>Whether <paramref name="claimant"/> (hashed) claimed <paramref name="entry"/>'s version (its report.json's metadata).</summary>
    private async Task<bool> ClaimedByAsync(ManifestEntry entry, string? claimant, CancellationToken cancellationToken)
    {
        if (claimant is null) return false;
        try
        {
            var properties = await _container.GetBlobClient(entry.Report).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.Metadata.TryGetValue(ClaimantMetadata, out var by) && by == claimant;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>site.css as this build has it: checked (one HEAD) once per publisher, like the container.</summary>
    private async Task EnsureStylesheetAsync(CancellationToken cancellationToken)
    {
        if (_stylesheetReady) return;
        var css = Utf8(SiteStyles.Css);
        var hash = Sha256.Hex(css.ToMemory().Span);
        try
        {
            var props = await _container.GetBlobClient(SiteStyles.FileName).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (props.Value.Metadata.TryGetValue(HashMetadata, out var current) && current == hash)
            {
                _stylesheetReady = true;
                return;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        await StepAsync(PublishSteps.Stylesheet, cancellationToken);
        await UploadAsync(SiteStyles.FileName, css, CssType, _options.StylesheetCacheControl, cancellationToken,
            metadata: new Dictionary<string, string> { [HashMetadata] = hash });
        _stylesheetReady = true;
    }

    /// <summary>Adds the entry to its body's manifest unless it is already listed (If-Match on its ETag, retried after losing a race).</summary>
    private Task<SiteManifest> AddToManifestAsync(ManifestEntry entry, CancellationToken cancellationToken) =>
        _listings.AddToBodyAsync(entry, cancellationToken);

    /// <summary>The body's open data file at this version (unless it holds it or a newer one); the year's combined files wait for the timer.</summary>
    private async Task WriteOpenDataAsync(ManifestEntry entry, AnnualReport report, CancellationToken cancellationToken)
    {
        await StepAsync(PublishSteps.OpenData, cancellationToken);
        await _data.WriteBodyAsync(entry, report, cancellationToken);
    }

    /// <summary>
    /// Rebuilds each report year's combined open data files (<c>data/{year}/reports.csv</c> and <c>reports.json</c>) from the
    /// bodies' data files, for a year whose body files changed since its last build (the timer; <c>fp site rebuild</c> rebuilds
    /// them all). Never called by a publication.
    /// </summary>
    public Task<OpenDataResult> RefreshOpenDataAsync(CancellationToken cancellationToken = default) => _data.RefreshAsync(cancellationToken);

    /// <summary>Brings every listing showing <paramref name="entry"/> up to date (each step writes only what is missing or older).</summary>
    private Task RefreshListingsAsync(ManifestEntry entry, SiteManifest body, CancellationToken cancellationToken) =>
        _listings.RefreshAsync(entry, body, cancellationToken);

    /// <summary>
    /// Writes the public page 年度报告发布情况 of <paramref name="model"/>'s year (<c>years/{year}/status.html</c>, rewritten
    /// whole: the register's ledger calls it on each of its events). From then on the index and the year catalogues link it.
    /// </summary>
    public async Task<Uri> PublishStatusPageAsync(PublicationStatusModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await EnsureContainerAsync(cancellationToken);
        await EnsureStylesheetAsync(cancellationToken);
        _statusLinks = true;
        // The page links the year's open data: it exists before the page does (empty for a year nobody published yet).
        await _data.EnsureYearAsync(model.Year, cancellationToken);
        var path = PublicationStatusPage.PathOf(model.Year);
        await UploadAsync(path, Utf8(PublicationStatusPage.Render(model)), SiteStore.HtmlType, _options.ListingCacheControl, cancellationToken);
        return UrlOf(path);
    }

    /// <summary>The register's 索引号 serial base for the body (0 without a register or a base).</summary>
    internal async Task<int> SerialBaseAsync(string body, CancellationToken cancellationToken) =>
        _register is not null && await _register.CurrentAsync(cancellationToken) is { } current ? current.ByName(body)?.SerialBase ?? 0 : 0;

    /// <summary>Whether the listings link the status pages: a register is loaded (never asked without one).</summary>
    private async Task RefreshStatusLinksAsync(CancellationToken cancellationToken)
    {
        if (_register is not null) _statusLinks = await _register.CurrentAsync(cancellationToken) is not null;
    }

    // ---- storage helpers --------------------------------------------------------------------

    /// <summary>The body's manifest (bodies/{slug}/manifest.json); empty when the body has never published.</summary>
    private Task<(SiteManifest Manifest, ETag? ETag)> ReadManifestAsync(string body, CancellationToken cancellationToken) =>
        _listings.ReadBodyAsync(body, cancellationToken);

    private async Task<AnnualReport> ReadReportAsync(string path, CancellationToken cancellationToken)
    {
        var response = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
        return ReportJson.Deserialize(response.Value.Content.ToMemory().Span);
    }

    private async Task UploadAsync(string path, BinaryData content, string contentType, string cacheControl, CancellationToken cancellationToken,
        IDictionary<string, string>? metadata = null, BlobRequestConditions? conditions = null, string? contentDisposition = null)
    {
        await _container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = cacheControl, ContentDisposition = contentDisposition },
            Metadata = metadata,
            Conditions = conditions,
        }, cancellationToken);
        Stats.Wrote(path, content.ToMemory().Length, listing: path == SiteStyles.FileName);
    }

    /// <summary>
    /// Writes a versioned file only if it is not there yet (If-None-Match:*). If it is, an earlier
    /// attempt at the same claimed version wrote it: keep it and report what is stored.
    /// </summary>
    private async Task<(string? Sha256, long Length)> UploadOnceAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken,
        string? hash = null, string? contentDisposition = null, string? cacheControl = null)
    {
        try
        {
            await UploadAsync(path, content, contentType, cacheControl ?? _options.VersionedCacheControl, cancellationToken,
                metadata: hash is null ? null : new Dictionary<string, string> { [HashMetadata] = hash },
                conditions: new BlobRequestConditions { IfNoneMatch = ETag.All },
                contentDisposition: contentDisposition);
            return (hash, content.ToMemory().Length);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            var stored = await _container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            _logger.LogInformation("{Path} was already written by an earlier attempt; keeping it", path);
            if (stored.Value.Metadata.TryGetValue(HashMetadata, out var storedHash) || hash is null) return (storedHash, stored.Value.ContentLength);
            // Written without its hash (never by this code): hash what is actually stored.
            var bytes = (await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value.Content;
            return (Sha256.Hex(bytes.ToArray()), stored.Value.ContentLength);
        }
    }

    private Task StepAsync(string step, CancellationToken cancellationToken) =>
        _faults?.BeforeStepAsync(step, cancellationToken) ?? Task.CompletedTask;

    /// <summary>If-Match lost (412) or If-None-Match:* found the blob (409 BlobAlreadyExists, or 412).</summary>
    private static bool IsConditionFailure(RequestFailedException ex) => SiteStore.IsConditionFailure(ex);

    private static BinaryData Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Metadata values are ASCII: a claimant (an upload name may be Chinese) is stored as a hash.</summary>
    private static string? ClaimantHash(string? claimant) => claimant is null ? null : Sha256.Hex(Encoding.UTF8.GetBytes(claimant))[..32];

    private PublishResult ResultFor(PublishOutcome outcome, ManifestEntry e, ReportChanges? changes) => new(
        outcome, e.Body, e.Year, e.Version, e.PublishedAt, e.Slug,
        new PublishedPaths(e.Pdf, e.Html, e.Notice, e.Report, e.Ofd),
        new PublishedUrls(UrlOf(e.Pdf), UrlOf(e.Html), UrlOf(e.Notice), UrlOf(IndexPage.FileName), UrlOf(AtomFeed.FileName), UrlOf(SiteLayout.BodyManifest(e.Slug)),
            e.Ofd is null ? null : UrlOf(e.Ofd)),
        changes);
}
