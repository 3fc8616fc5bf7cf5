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
        var blob = register.Container.GetBlobClient(RecordName(e.Body, e.Year));
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
            var next = LedgerRecord.Apply(record, e);
            if (record is not null && next == record) return true;
            try
            {
                await blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(next, LedgerRecord.JsonOptions)), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Conditions = eTag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                // Written by another event since it was read: read it again.
                continue;
            }
            var year = await UpdateYearAsync(next, cancellationToken);
            await publisher.PublishStatusPageAsync(StatusModel(current, e.Year, year.Values), cancellationToken);
            return true;
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

    /// <summary>Puts the record into its year's document (conditional on the document read; a newer record there stays).</summary>
    private async Task<Dictionary<string, LedgerRecord>> UpdateYearAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        var blob = register.Container.GetBlobClient(YearName(record.Year));
        for (var attempt = 1; ; attempt++)
        {
            var (records, eTag) = await ReadYearAsync(record.Year, cancellationToken);
            if (records.TryGetValue(record.Body, out var there) && there.UpdatedAt > record.UpdatedAt) return records;
            records[record.Body] = record;
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
