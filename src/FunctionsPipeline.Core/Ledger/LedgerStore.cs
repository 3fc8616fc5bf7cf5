using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
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
public sealed class LedgerStore(RegisterStore register, TimeProvider time, ILogger<LedgerStore> logger) : ILedger
{
    private const int MaxWriteAttempts = 8;

    public static string RecordName(string body, int year) => $"ledger/{year}/{SiteSlug.ForBody(body)}.json";

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
        if (await register.CurrentAsync(cancellationToken) is null) return false;
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
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                // Written by another event since it was read: read it again.
            }
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
