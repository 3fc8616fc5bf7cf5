using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace FunctionsPipeline.Core.Ledger;

/// <summary>Where a registered body's report for a year stands.</summary>
public enum LedgerState
{
    /// <summary>未提交: nothing valid submitted yet.</summary>
    NotSubmitted,

    /// <summary>待审核: a preview awaits the reviewer (ReviewRequired).</summary>
    AwaitingReview,

    /// <summary>已退回: the reviewer rejected the preview.</summary>
    Returned,

    /// <summary>已发布: live on the site (按时 or 逾期 N 天, from its first publication and the body's deadline).</summary>
    Published,

    /// <summary>已撤回: withdrawn from the site.</summary>
    Withdrawn,
}

/// <summary>What happened to a body's report, as the pipeline records it: one event, one small record updated.</summary>
public enum LedgerEventKind { Previewed, Returned, Published, Withdrawn }

/// <summary>One event of a body's report for a year: the upload (or withdrawal) it came from, when, and for a publication its version and page.</summary>
public sealed record LedgerEvent(string Body, int Year, LedgerEventKind Kind, DateTimeOffset At, string Source, int? Version = null, string? Url = null);

/// <summary>
/// The ledger's record of one body's report for one year (<c>ledger/{year}/{body slug}.json</c> in the registry container):
/// its state, the current version and its page, when it was first published (what 按时/逾期 is judged by) and when the
/// current version was, whether a correction awaits review, and the last event's source and time.
/// </summary>
public sealed record LedgerRecord(string Body, int Year, LedgerState State, DateTimeOffset UpdatedAt, string Source)
{
    public int? Version { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? FirstPublishedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Published, and a correction's preview awaits the reviewer.</summary>
    public bool CorrectionAwaitingReview { get; init; }

    /// <summary>The record after <paramref name="e"/>. An older event than the record's last one changes nothing.</summary>
    public static LedgerRecord Apply(LedgerRecord? record, LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (record is not null && e.At < record.UpdatedAt) return record;
        var current = record ?? new LedgerRecord(e.Body, e.Year, LedgerState.NotSubmitted, e.At, e.Source);
        var live = current.State == LedgerState.Published;
        return e.Kind switch
        {
            // A correction awaiting review (or returned) leaves the live version as it is.
            LedgerEventKind.Previewed when live => current with { CorrectionAwaitingReview = true, UpdatedAt = e.At, Source = e.Source },
            LedgerEventKind.Returned when live => current with { CorrectionAwaitingReview = false, UpdatedAt = e.At, Source = e.Source },
            LedgerEventKind.Previewed => current with { State = LedgerState.AwaitingReview, UpdatedAt = e.At, Source = e.Source },
            LedgerEventKind.Returned => current with { State = LedgerState.Returned, UpdatedAt = e.At, Source = e.Source },
            LedgerEventKind.Published when live && current.Version == e.Version => current,
            LedgerEventKind.Published => current with
            {
                State = LedgerState.Published, Version = e.Version, Url = e.Url ?? current.Url, PublishedAt = e.At,
                // After a withdrawal the report is published anew: its timeliness is that of the new publication.
                FirstPublishedAt = current.State == LedgerState.Withdrawn ? e.At : current.FirstPublishedAt ?? e.At,
                CorrectionAwaitingReview = false, UpdatedAt = e.At, Source = e.Source,
            },
            _ => current with { State = LedgerState.Withdrawn, Url = null, CorrectionAwaitingReview = false, UpdatedAt = e.At, Source = e.Source },
        };
    }

    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>Not indented: the year's document (every record side by side) is rewritten on each event.</summary>
    public static JsonSerializerOptions CompactJsonOptions { get; } = new(JsonOptions) { WriteIndented = false };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
