using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>A record a listing is rendered from; its generation grows by one with every write.</summary>
internal interface IGenerational
{
    long Generation { get; }
}

/// <summary>
/// One publication as a catalogue page lists it: small, because a page holds hundreds. Paths follow
/// from body, year and version (<see cref="SiteSlug.VersionFolder"/>). <see cref="WithdrawnIn"/> is set for a withdrawn
/// publication: the version whose folder holds the 撤回公告. A row of kind <see cref="PublicationKind.Withdrawal"/> is
/// the 撤回公告 itself (month archive), dated when it was published.
/// </summary>
internal sealed record ListingRow(string Body, string Slug, int Year, int Version, DateTimeOffset PublishedAt, string Kind, int? WithdrawnIn = null)
{
    public static ListingRow From(ManifestEntry e) => new(e.Body, e.Slug, e.Year, e.Version, e.PublishedAt, e.Kind, e.Withdrawn?.NoticeVersion);

    /// <summary>The row of the 撤回公告 of a withdrawn entry (null when it is not withdrawn).</summary>
    public static ListingRow? WithdrawalOf(ManifestEntry e) => e.Withdrawn is { } w
        ? new(e.Body, e.Slug, e.Year, w.NoticeVersion, w.At, PublicationKind.Withdrawal, w.NoticeVersion)
        : null;

    public string Folder() => SiteSlug.VersionFolder(Body, Year, Version);

    public bool IsWithdrawalNotice => Kind == PublicationKind.Withdrawal;

    /// <summary>The page this row links: the notice, or for a 撤回公告 row the 撤回公告.</summary>
    public string NoticePath() => IsWithdrawalNotice ? SiteSlug.WithdrawalNotice(Body, Year, Version) : $"{Folder()}/{SiteLayout.NoticeFile}";

    /// <summary>The 撤回公告 of a withdrawn publication, else null.</summary>
    public string? WithdrawalNotice() => WithdrawnIn is { } v ? SiteSlug.WithdrawalNotice(Body, Year, v) : null;

    /// <summary>
    /// Whether <paramref name="row"/> would list a withdrawn version as live again. A withdrawal is final, so that change is
    /// never made: it can only come from a publication refreshing its listings from a manifest read before the withdrawal.
    /// </summary>
    public static bool Unwithdraws(ListingRow existing, ListingRow row) =>
        existing.Version == row.Version && existing.WithdrawnIn is not null && row.WithdrawnIn is null;

    public bool SameVersion(ListingRow other) =>
        Body == other.Body && Year == other.Year && Version == other.Version && IsWithdrawalNotice == other.IsWithdrawalNotice;
}

/// <summary>
/// One of the newest publications as the index and feed show it (paths follow from body, year and version).
/// <see cref="WithdrawnIn"/> and kind <see cref="PublicationKind.Withdrawal"/> as in <see cref="ListingRow"/>.
/// </summary>
internal sealed record RecentEntry(string Body, string Slug, int Year, int Version, DateTimeOffset PublishedAt, string Kind, string Title, long PdfBytes,
    int? WithdrawnIn = null)
{
    public static RecentEntry From(ManifestEntry e) => new(e.Body, e.Slug, e.Year, e.Version, e.PublishedAt, e.Kind, e.Title, e.PdfBytes, e.Withdrawn?.NoticeVersion);

    /// <summary>The entry of the 撤回公告 of a withdrawn publication (null when it is not withdrawn).</summary>
    public static RecentEntry? WithdrawalOf(ManifestEntry e) => e.Withdrawn is { } w
        ? new(e.Body, e.Slug, e.Year, w.NoticeVersion, w.At, PublicationKind.Withdrawal, e.Title, 0, w.NoticeVersion)
        : null;

    public bool IsWithdrawalNotice => Kind == PublicationKind.Withdrawal;
    public bool IsWithdrawn => WithdrawnIn is not null && !IsWithdrawalNotice;

    /// <summary>The page this entry links: the notice, or the 撤回公告 for a withdrawal entry.</summary>
    public string Notice() => IsWithdrawalNotice ? SiteSlug.WithdrawalNotice(Body, Year, Version) : $"{SiteSlug.VersionFolder(Body, Year, Version)}/{SiteLayout.NoticeFile}";
    public string? WithdrawalNotice() => WithdrawnIn is { } v ? SiteSlug.WithdrawalNotice(Body, Year, v) : null;
    public string Pdf() => $"{SiteSlug.VersionFolder(Body, Year, Version)}/{SitePublisher.PdfFile}";
    public string Html() => $"{SiteSlug.VersionFolder(Body, Year, Version)}/{SitePublisher.HtmlFile}";

    /// <summary>Whether <paramref name="entry"/> would list a withdrawn version as live again (never done; see <see cref="ListingRow.Unwithdraws"/>).</summary>
    public static bool Unwithdraws(RecentEntry listed, RecentEntry entry) =>
        listed.Version == entry.Version && listed.WithdrawnIn is not null && entry.WithdrawnIn is null;

    public bool SameItem(RecentEntry other) =>
        Body == other.Body && Year == other.Year && Version == other.Version && IsWithdrawalNotice == other.IsWithdrawalNotice;
}

/// <summary>
/// The rows of one catalogue page (pNNN.json next to pNNN.html). A <see cref="Split"/> page is frozen: its rows went to
/// its two halves (<see cref="PageTree"/>), it takes no more, and its page only links the halves.
/// </summary>
internal sealed record PageRecord(long Generation, ValueList<ListingRow> Rows, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Split = false)
    : IGenerational
{
    public static PageRecord Empty { get; } = new(0, ValueList<ListingRow>.Empty);

    /// <summary>
    /// A year page lists each body once, at its newest version; null when nothing changes. The same version is replaced
    /// when its withdrawal mark differs: marking withdrawn (the manifest, which the row comes from, is the record).
    /// </summary>
    public PageRecord? WithCurrent(ListingRow row)
    {
        var existing = Rows.FirstOrDefault(r => r.Body == row.Body && r.Year == row.Year);
        if (existing is not null && (existing.Version > row.Version || existing == row || ListingRow.Unwithdraws(existing, row))) return null;
        return this with { Generation = Generation + 1, Rows = Rows.Where(r => r != existing).Append(row).ToValueList() };
    }

    /// <summary>A month page lists every publication (and 撤回公告) once; null when it is already there as it is.</summary>
    public PageRecord? WithPublication(ListingRow row)
    {
        var existing = Rows.FirstOrDefault(r => r.SameVersion(row));
        if (existing == row || (existing is not null && ListingRow.Unwithdraws(existing, row))) return null;
        return this with { Generation = Generation + 1, Rows = Rows.Where(r => r != existing).Append(row).ToValueList() };
    }

    /// <summary>Whether the page has passed <paramref name="rowLimit"/> and can split: its rows are of more than one body (a body's rows never part).</summary>
    public bool ShouldSplit(string page, int rowLimit) =>
        !Split && Rows.Count > rowLimit && PageTree.Depth(page) < PageTree.MaxDepth && Rows.Select(r => r.Slug).Distinct().Skip(1).Any();

    /// <summary>The rows of split <paramref name="page"/> that go to its half <paramref name="child"/>, as that half's first record.</summary>
    public PageRecord SeedFor(string page, string child) =>
        new(0, Rows.Where(r => PageTree.Child(page, r.Slug) == child).ToValueList());

    /// <summary>The first and last body name on the page, in zh-CN order: its label.</summary>
    public (string First, string Last) NameRange()
    {
        var names = Rows.Select(r => r.Body).Distinct().Order(BodyNameOrder.Chinese).ThenBy(n => n, StringComparer.Ordinal).ToList();
        return names.Count == 0 ? ("", "") : (names[0], names[^1]);
    }
}

/// <summary>How catalogues order bodies: by name in zh-CN order (pinyin), as readers look them up.</summary>
internal static class BodyNameOrder
{
    public static StringComparer Chinese { get; } = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);
}

/// <summary>
/// The pages of one catalogue that have rows and are not split (pages.json): the catalogue's index links only these.
/// Page names are "p013" or, split from it, "p013-01" (<see cref="PageTree"/>); a site written before pages split stored
/// page numbers, read as their names.
/// </summary>
internal sealed record PageSet(long Generation, [property: JsonConverter(typeof(PageNamesJsonConverter))] ValueList<string> Pages) : IGenerational
{
    public static PageSet Empty { get; } = new(0, ValueList<string>.Empty);

    /// <summary>
    /// With <paramref name="page"/> in place of the page it was split from; null when it is listed, or when a page split
    /// from it is (the set has moved past it: a writer that saw the page before it split does not bring it back).
    /// </summary>
    public PageSet? With(string page)
    {
        if (Pages.Any(p => p == page || PageTree.IsAncestor(page, p))) return null;
        return new(Generation + 1, Pages.Where(p => !PageTree.IsAncestor(p, page)).Append(page).Order(StringComparer.Ordinal).ToValueList());
    }
}

/// <summary>What a catalogue page holds, as its index link shows it: the first and last body name (zh-CN order).</summary>
/// <param name="From">The generation of the page record the label was taken from: an older view never replaces a newer one.</param>
internal sealed record PageLabel([property: JsonConverter(typeof(PageNameJsonConverter))] string Page, string First, string Last, long From);

/// <summary>
/// labels.json: each page's label. It changes only when a body sorts before a page's first or after its last name,
/// which grows rarer as a page fills (about 2 in n for a page of n bodies), so the catalogue's index is rarely rewritten.
/// </summary>
internal sealed record PageLabels(long Generation, ValueList<PageLabel> Labels) : IGenerational
{
    public static PageLabels Empty { get; } = new(0, ValueList<PageLabel>.Empty);

    public PageLabel? For(string page) => Labels.FirstOrDefault(l => l.Page == page);

    /// <summary>The first and last body name under the labelled pages (a root's, from its pages' labels), in zh-CN order.</summary>
    public (string First, string Last) NameRange() =>
        (Labels.Select(l => l.First).Min(BodyNameOrder.Chinese) ?? "", Labels.Select(l => l.Last).Max(BodyNameOrder.Chinese) ?? "");

    /// <summary>
    /// With the page's label, dropping that of the page it was split from; null when unchanged or when the stored one was
    /// taken from a newer page record.
    /// </summary>
    public PageLabels? With(PageLabel label)
    {
        var current = For(label.Page);
        var stale = Labels.Any(l => PageTree.IsAncestor(l.Page, label.Page));
        if (!stale && current is not null && (current.From >= label.From || (current.First == label.First && current.Last == label.Last))) return null;
        var kept = current is not null && current.From >= label.From ? current : label;
        return new(Generation + 1, Labels.Where(l => l.Page != label.Page && !PageTree.IsAncestor(l.Page, label.Page)).Append(kept)
            .OrderBy(l => l.Page, StringComparer.Ordinal).ToValueList());
    }
}

/// <summary>
/// recent.json: the newest publications (at most <see cref="Capacity"/>) and the report years and months
/// that have catalogues. The only record every publication writes; it stays small whatever the site's size.
/// </summary>
internal sealed record RecentList(long Generation, DateTimeOffset? UpdatedAt, ValueList<RecentEntry> Entries, ValueList<int> Years, ValueList<string> Months)
    : IGenerational
{
    public const int Capacity = 50;

    public static RecentList Empty { get; } = new(0, null, ValueList<RecentEntry>.Empty, ValueList<int>.Empty, ValueList<string>.Empty);

    /// <summary>Newest first (time, then version), as the index and feed list them.</summary>
    public static IEnumerable<RecentEntry> NewestFirst(IEnumerable<RecentEntry> entries) =>
        entries.OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Version).ThenBy(p => p.Body, StringComparer.Ordinal);

    /// <summary>
    /// With the entry (kept if among the newest; replaced when listed with another withdrawal mark), for a withdrawn
    /// entry also its 撤回公告, and their years and months; null when nothing changes.
    /// </summary>
    public RecentList? With(ManifestEntry published, DateTimeOffset now)
    {
        var entries = Entries;
        var years = Years;
        var months = Months;
        foreach (var entry in new[] { RecentEntry.From(published), RecentEntry.WithdrawalOf(published) })
        {
            if (entry is null) continue;
            var month = SiteLayout.MonthKey(entry.PublishedAt);
            var listed = entries.FirstOrDefault(e => e.SameItem(entry));
            if (listed != entry && !(listed is not null && RecentEntry.Unwithdraws(listed, entry)))
            {
                // A listed entry is replaced in place (a withdrawal mark); a new one is kept only if among the newest.
                entries = NewestFirst(entries.Where(e => e != listed).Append(entry)).Take(Capacity).ToValueList();
            }
            if (!years.Contains(entry.Year)) years = years.Append(entry.Year).OrderDescending().ToValueList();
            if (!months.Contains(month)) months = months.Append(month).OrderDescending(StringComparer.Ordinal).ToValueList();
        }
        if (entries.Equals(Entries) && years.Equals(Years) && months.Equals(Months)) return null;
        return new(Generation + 1, now, entries, years, months);
    }
}

internal static class ListingJson
{
    /// <summary>Compact: these records are rewritten often and read only by the publisher.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        options.Converters.Add(new ValueListJsonConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
