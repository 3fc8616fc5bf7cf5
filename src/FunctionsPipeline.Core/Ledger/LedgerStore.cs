using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Registry;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Ledger;

/// <summary>Where the pipeline's events go to keep the ledger (the upload lifecycle and the withdrawals call it).</summary>
public interface ILedger
{
    /// <summary>Applies one event to its body's record; never throws for storage trouble (the event's own outcome stands).</summary>
    Task RecordAsync(LedgerEvent e, CancellationToken cancellationToken);
}

/// <summary>
/// The ledger (登记簿) of every registered body's annual report, kept in the registry container as one small record per
/// body and year (<c>ledger/{year}/{body slug}.json</c>). Each event is bounded work: the register (one conditional
/// request, cached), the body's record read, and one conditional write — never a scan of the site. Without a register
/// nothing is recorded. <see cref="ReadAsync"/> puts the register and the year's records together.
/// </summary>
public sealed class LedgerStore(RegisterStore register, SitePublisher publisher, TimeProvider time, ILogger<LedgerStore> logger) : ILedger
{
    private const int MaxWriteAttempts = 8;

    public static string RecordName(string body, int year) => $"ledger/{year}/{SiteSlug.ForBody(body)}.json";

    /// <summary>The year's records side by side (what the public page is rendered from): <c>ledger-years/{year}.json</c>.</summary>
    public static string YearName(int year) => $"ledger-years/{year}.json";

    /// <inheritdoc />
    public async Task RecordAsync(LedgerEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        try
        {
            await ApplyAsync(e, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Ledger: {Kind} of {Body} {Year} from {Source} not recorded", e.Kind, e.Body, e.Year, e.Source);
        }
    }

    /// <summary>Applies the event (conditional on the record read; read again on a concurrent write). False without a register.</summary>
    public async Task<bool> ApplyAsync(LedgerEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (await register.CurrentAsync(cancellationToken) is not { } current) return false;
        if (await ApplyToRecordAsync([e], cancellationToken) is not { } next) return true;
        var year = await UpdateYearAsync(e.Year, [next], cancellationToken);
        await publisher.PublishStatusPageAsync(StatusModel(current, e.Year, year.Values), cancellationToken);
        return true;
    }

    /// <summary>The source the ledger names for what it learned from the site rather than from an event.</summary>
    public const string SiteSource = "site";

    /// <summary>
    /// Brings the ledger in line with the site (<c>fp registry load</c>, <c>fp site rebuild</c>): reports published or
    /// withdrawn before the register was loaded, or before their body was added to it, never produced an event. For each
    /// registered body (its site manifest is the one of its exact name: with a register, uploads carry the register's
    /// name), one manifest read; its publications and withdrawals become the events they would have been, applied by
    /// <see cref="LedgerRecord.Apply"/> to the body's record, so an event the ledger already has that is later than the
    /// site's wins, and running it again changes nothing. The years whose records changed get their year document and
    /// public page rewritten. Returns the records filled or brought up to date; without a register, none.
    /// </summary>
    public async Task<LedgerBackfill> BackfillFromSiteAsync(CancellationToken cancellationToken = default)
    {
        if (await register.CurrentAsync(cancellationToken) is not { } current) return new LedgerBackfill(0, []);
        var filled = new System.Collections.Concurrent.ConcurrentBag<LedgerRecord>();
        // As the site's other walks (SiteRebuilder): a bounded number of bodies at a time, one manifest read each.
        await Parallel.ForEachAsync(current.Bodies, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (body, token) =>
        {
            var manifest = await publisher.GetBodyManifestAsync(body.Name, token);
            foreach (var year in manifest.Publications.Where(p => p.Body == body.Name).GroupBy(p => p.Year))
            {
                if (await ApplyToRecordAsync(SiteEvents(body.Name, year.Key, year, entry => publisher.UrlOf(entry.Html).AbsoluteUri), token) is { } record) filled.Add(record);
            }
        });
        var years = new List<int>();
        foreach (var year in filled.GroupBy(r => r.Year).OrderBy(g => g.Key))
        {
            var records = await UpdateYearAsync(year.Key, [.. year], cancellationToken);
            await publisher.PublishStatusPageAsync(StatusModel(current, year.Key, records.Values), cancellationToken);
            years.Add(year.Key);
        }
        return new LedgerBackfill(filled.Count, years);
    }

    /// <summary>
    /// What a body's publications of a year on the site would have told the ledger, oldest first: each version published
    /// (at its publication time), each withdrawal (at its time; one per withdrawal, however many versions it took down).
    /// </summary>
    public static IReadOnlyList<LedgerEvent> SiteEvents(string body, int year, IEnumerable<ManifestEntry> entries, Func<ManifestEntry, string> url)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(url);
        var list = entries.Where(p => p.IsFor(body, year)).ToList();
        var published = list.Select(p => new LedgerEvent(body, year, LedgerEventKind.Published, p.PublishedAt, SiteSource, p.Version, url(p)));
        var withdrawn = list.Where(p => p.Withdrawn is not null).Select(p => p.Withdrawn!.At).Distinct()
            .Select(at => new LedgerEvent(body, year, LedgerEventKind.Withdrawn, at, SiteSource));
        return [.. published.Concat(withdrawn).OrderBy(e => e.At).ThenBy(e => e.Kind == LedgerEventKind.Withdrawn ? 1 : 0).ThenBy(e => e.Version)];
    }

    /// <summary>
    /// Applies the events (one body and year) to its record, conditional on the record read and read again when another
    /// writer came first; the record when it changed, else null.
    /// </summary>
    private async Task<LedgerRecord?> ApplyToRecordAsync(IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return null;
        var blob = register.Container.GetBlobClient(RecordName(events[0].Body, events[0].Year));
        for (var attempt = 1; ; attempt++)
        {
            LedgerRecord? record = null;
            ETag? eTag = null;
            try
            {
                var read = await blob.DownloadContentAsync(cancellationToken);
                record = JsonSerializer.Deserialize<LedgerRecord>(read.Value.Content.ToMemory().Span, LedgerRecord.JsonOptions);
                eTag = read.Value.Details.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
            var next = events.Aggregate(record, (r, e) => LedgerRecord.Apply(r, e))!;
            if (record is not null && next == record) return null;
            try
            {
                await blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(next, LedgerRecord.JsonOptions)), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Conditions = eTag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, cancellationToken);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                // Written by another event since it was read: apply the events to it again (the later one wins).
            }
        }
    }

    /// <summary>
    /// Rewrites the public 年度报告发布情况 of each year from the year's records (<c>fp registry load</c>: the register changed,
    /// so the list of bodies did).
    /// </summary>
    public async Task PublishStatusPagesAsync(IEnumerable<int> years, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(years);
        if (await register.CurrentAsync(cancellationToken) is not { } current) return;
        foreach (var year in years.Distinct())
        {
            var (records, _) = await ReadYearAsync(year, cancellationToken);
            await publisher.PublishStatusPageAsync(StatusModel(current, year, records.Values), cancellationToken);
        }
    }

    /// <summary>The years with records (those whose public page exists), read from the year documents' names.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default)
    {
        var years = new List<int>();
        if (!await register.Container.ExistsAsync(cancellationToken)) return years;
        await foreach (var item in register.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "ledger-years/", cancellationToken))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(item.Name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)) years.Add(y);
        }
        return years;
    }

    private PublicationStatusModel StatusModel(BodyRegister current, int year, IEnumerable<LedgerRecord> records)
    {
        var view = LedgerView.Of(current, register.Deadlines, year, records, time.GetUtcNow());
        return new PublicationStatusModel(year, view.Today, [.. view.Rows.Where(r => r.Registered is not null).Select(r => new PublicationStatusRow(
            r.Body, BodyTypes.Label(r.Registered!.Type), r.Deadline!.Value,
            r.State == LedgerState.Published ? r.PublishedOn : null, r.DaysLate, r.State == LedgerState.Withdrawn))]);
    }

    /// <summary>Puts the records into their year's document (conditional on the document read; a newer record there stays).</summary>
    private async Task<Dictionary<string, LedgerRecord>> UpdateYearAsync(int yearOf, IReadOnlyList<LedgerRecord> changed, CancellationToken cancellationToken)
    {
        var blob = register.Container.GetBlobClient(YearName(yearOf));
        for (var attempt = 1; ; attempt++)
        {
            var (records, eTag) = await ReadYearAsync(yearOf, cancellationToken);
            var newer = false;
            foreach (var record in changed)
            {
                if (records.TryGetValue(record.Body, out var there) && there.UpdatedAt > record.UpdatedAt) continue;
                records[record.Body] = record;
                newer = true;
            }
            if (!newer) return records;
            try
            {
                await blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(records.Values.OrderBy(r => r.Body, StringComparer.Ordinal), LedgerRecord.CompactJsonOptions)),
                    new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                        Conditions = eTag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All },
                    }, cancellationToken);
                return records;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts * 4)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * Math.Min(attempt, 8))), cancellationToken);
            }
        }
    }

    internal async Task<(Dictionary<string, LedgerRecord> Records, ETag? ETag)> ReadYearAsync(int year, CancellationToken cancellationToken)
    {
        try
        {
            var read = await register.Container.GetBlobClient(YearName(year)).DownloadContentAsync(cancellationToken);
            var list = JsonSerializer.Deserialize<List<LedgerRecord>>(read.Value.Content.ToMemory().Span, LedgerRecord.JsonOptions) ?? [];
            return (list.ToDictionary(r => r.Body, StringComparer.Ordinal), read.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (new Dictionary<string, LedgerRecord>(StringComparer.Ordinal), null);
        }
    }

    /// <summary>
    /// The year's ledger: every registered body (未提交 when it has no record), and every body with a record that has left the
    /// register; null without a register.
    /// </summary>
    public async Task<LedgerView?> ReadAsync(int year, CancellationToken cancellationToken = default)
    {
        if (await register.CurrentAsync(cancellationToken) is not { } current) return null;
        var names = new List<string>();
        await foreach (var item in register.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"ledger/{year}/", cancellationToken)) names.Add(item.Name);
        var records = new System.Collections.Concurrent.ConcurrentBag<LedgerRecord>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (name, token) =>
        {
            var read = await register.Container.GetBlobClient(name).DownloadContentAsync(token);
            if (JsonSerializer.Deserialize<LedgerRecord>(read.Value.Content.ToMemory().Span, LedgerRecord.JsonOptions) is { } record) records.Add(record);
        });
        return LedgerView.Of(current, register.Deadlines, year, records, time.GetUtcNow());
    }
}

/// <summary>What <see cref="LedgerStore.BackfillFromSiteAsync"/> did: how many records it filled (or brought up to date) from the site, and their years.</summary>
public sealed record LedgerBackfill(int Filled, IReadOnlyList<int> Years);
