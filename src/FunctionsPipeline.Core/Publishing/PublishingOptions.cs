using Azure.Storage.Blobs.Models;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>Where and how the public site is written. Bound from the <c>Publishing</c> configuration section.</summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>The static website container; Azure serves it from the account's web endpoint.</summary>
    public string ContainerName { get; set; } = Common.StorageNames.Site;

    /// <summary>Private container that keeps withdrawn files (same names as in the site) and each withdrawal's record (<c>Pipeline:ArchiveContainer</c>).</summary>
    public string ArchiveContainer { get; set; } = Common.StorageNames.Archive;

    /// <summary>
    /// Base URL of the public site for absolute links (feed, results), e.g. <c>https://acct.z7.web.core.windows.net/</c>.
    /// When unset, the container's own blob URL is used (on Azurite: <c>http://127.0.0.1:PORT/devstoreaccount1/$web/</c>).
    /// </summary>
    public Uri? SiteBaseUrl { get; set; }

    /// <summary>Storage connection string, used only when no <c>BlobServiceClient</c> is registered.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Create the container when it is missing. Blob-level public access lets a browser read it on Azurite;
    /// in Azure the static website endpoint serves <c>$web</c> and accounts usually forbid public access, so use None there.</summary>
    public PublicAccessType ContainerPublicAccess { get; set; } = PublicAccessType.Blob;

    /// <summary>
    /// The longest any browser or shared cache (a CDN) may keep serving a public file after the site stopped serving it:
    /// a withdrawal takes effect everywhere within this time (the cache policy, docs/site.md "Caching").
    /// </summary>
    public static readonly TimeSpan WithdrawalTakesEffectWithin = TimeSpan.FromHours(1);

    /// <summary>
    /// Versioned report files (PDF, OFD, HTML, report data): never changed once written, but a withdrawal deletes them,
    /// so a cache keeps them at most <see cref="WithdrawalTakesEffectWithin"/>, never as <c>immutable</c>.
    /// </summary>
    public string VersionedCacheControl { get; set; } = "public, max-age=3600";

    /// <summary>Listings (index, feed, catalogue pages, manifests, sitemaps, notices) change as reports are published or withdrawn: revalidated every time.</summary>
    public string ListingCacheControl { get; set; } = "no-cache";

    /// <summary>Content-addressed files (the search script, its name carries its hash): the same name never holds other bytes, and nothing withdrawn is in them.</summary>
    public const string ContentAddressedCacheControl = "public, max-age=31536000, immutable";

    /// <summary>site.css is not versioned, so it is cached only briefly.</summary>
    public string StylesheetCacheControl { get; set; } = "public, max-age=3600";

    /// <summary>
    /// How many root pages each report year's catalogue and each month's archive starts with (a body always lands on the
    /// same root, by a hash of its slug). Fixed for the life of a site (changing it needs <c>fp site rebuild</c> into a
    /// fresh layout); pages split as the site grows (<see cref="CataloguePageRows"/>), so it need not be sized for the site.
    /// </summary>
    public int CataloguePageCount { get; set; } = 64;

    /// <summary>
    /// The most rows a catalogue page holds: one more splits it in two (<see cref="Site.PageTree"/>). It bounds what a
    /// publication rewrites (a year page with its record and sitemap, a month page with its record) whatever the size of
    /// the site; at 64 those stay under 70 KB. At most <see cref="PageRowsDesignLoad"/>.
    /// </summary>
    public int CataloguePageRows { get; set; } = 64;

    /// <summary>Rows a catalogue page is sized for (21-character body names): about 160 KB of HTML, under the 200 KB a page may have.</summary>
    public const int PageRowsDesignLoad = 400;

    /// <summary>How often a conditional write (manifest, index, feed) is retried after losing a race.</summary>
    public int MaxConditionalWriteAttempts { get; set; } = 60;
}
