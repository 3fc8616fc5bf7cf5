using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

public static class PublicationKind
{
    public const string Publish = "publish";
    public const string Correction = "correction";
    /// <summary>A 撤回公告 (only in listings: the recent list and the month archive; never a manifest entry's kind).</summary>
    public const string Withdrawal = "withdrawal";
}

/// <summary>
/// How a publication was withdrawn (撤回): when (China Standard Time), why, by whom, and the version whose folder holds
/// the 撤回公告 (<c>reports/{slug}/{year}/v{NoticeVersion}/withdrawal.html</c>): the current version when it was withdrawn.
/// </summary>
public sealed record Withdrawal(DateTimeOffset At, string Reason, string? By, int NoticeVersion);

/// <summary>
/// One publication (one version of one body's report for one year). Paths are site-relative
/// blob names (Chinese left as is; <see cref="SiteSlug.UrlPath"/> makes them URL paths).
/// </summary>
public sealed record ManifestEntry(
    string Body,
    int Year,
    int Version,
    DateTimeOffset PublishedAt,
    string Kind,
    string Title,
    string Slug,
    string Pdf,
    string Html,
    string Notice,
    string Report,
    string PdfSha256,
    long PdfBytes,
    string ContentSha256,
    // The OFD beside the PDF (null in entries written before OFD was published, and for versions found without one).
    string? Ofd = null,
    string? OfdSha256 = null,
    long? OfdBytes = null,
    // The figures the body page charts across years (null in entries written before they were stored; `fp site rebuild` fills them).
    KeyFigures? Figures = null,
    // Set when the publication was withdrawn (撤回): its files are in the private archive, not on the site.
    // Absent in manifests written before withdrawal existed, which read as not withdrawn.
    Withdrawal? Withdrawn = null,
    // The serial of its 索引号 (per body and year of publication, see CatalogueMetadata); null in entries written before it was kept.
    int? IndexSerial = null)
{
    public bool IsFor(string body, int year) => Body == body && Year == year;

    public bool IsWithdrawn => Withdrawn is not null;

    /// <summary>The 撤回公告 of a withdrawn publication (site path), else null.</summary>
    public string? WithdrawalNotice => Withdrawn is { } w ? SiteSlug.WithdrawalNotice(Body, Year, w.NoticeVersion) : null;
}

/// <summary>
/// manifest.json: every publication ever made, the single source the index and feed are built from.
/// <see cref="Generation"/> grows by one with every write, so a listing can tell whether it is
/// older than the manifest.
/// </summary>
public sealed record SiteManifest(long Generation, DateTimeOffset? UpdatedAt, ValueList<ManifestEntry> Publications)
{
    public const string FileName = "manifest.json";

    public static SiteManifest Empty { get; } = new(0, null, ValueList<ManifestEntry>.Empty);

    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The highest published version for body and year (withdrawn or not), optionally below a given version.</summary>
    public ManifestEntry? Latest(string body, int year, int belowVersion = int.MaxValue) =>
        Publications.Where(p => p.IsFor(body, year) && p.Version < belowVersion).MaxBy(p => p.Version);

    /// <summary>The highest version for body and year that is still on the site (not withdrawn), optionally below a given version.</summary>
    public ManifestEntry? LatestLive(string body, int year, int belowVersion = int.MaxValue) =>
        Publications.Where(p => p.IsFor(body, year) && p.Version < belowVersion && !p.IsWithdrawn).MaxBy(p => p.Version);

    /// <summary>The newest publication still on the site of the body for the latest year before <paramref name="beforeYear"/>.</summary>
    public ManifestEntry? LatestForBody(string body, int beforeYear) =>
        Publications.Where(p => p.Body == body && p.Year < beforeYear && !p.IsWithdrawn)
            .OrderByDescending(p => p.Year).ThenByDescending(p => p.Version).FirstOrDefault();

    public bool Contains(string body, int year, int version) =>
        Publications.Any(p => p.IsFor(body, year) && p.Version == version);

    /// <summary>Newest first (time, then version), as the index and feed list them.</summary>
    public IEnumerable<ManifestEntry> NewestFirst() =>
        Publications.OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Version).ThenBy(p => p.Body, StringComparer.Ordinal);

    public SiteManifest With(ManifestEntry entry, DateTimeOffset now) =>
        new(Generation + 1, now, Publications.Append(entry).ToValueList());

    /// <summary>
    /// Marks withdrawn every version of body and year up to <paramref name="throughVersion"/> that is not withdrawn yet
    /// (the whole publication is withdrawn, all its versions); null when there is none left to mark.
    /// </summary>
    public SiteManifest? WithWithdrawn(string body, int year, int throughVersion, Withdrawal withdrawal, DateTimeOffset now)
    {
        bool Marks(ManifestEntry p) => p.IsFor(body, year) && p.Version <= throughVersion && !p.IsWithdrawn;
        if (!Publications.Any(Marks)) return null;
        return new(Generation + 1, now, Publications.Select(p => Marks(p) ? p with { Withdrawn = withdrawal } : p).ToValueList());
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    public static SiteManifest FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<SiteManifest>(utf8Json, JsonOptions) ?? Empty;
}
