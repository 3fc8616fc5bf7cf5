using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Review;

/// <summary>
/// The review's record nobody overwrites: each decision or refusal (<see cref="AuditRecord"/>) is a new blob in the private
/// <c>audit</c> container, created with If-None-Match: * so a second write of the same name fails instead of replacing it.
/// In Azure the container also has a time-based immutability policy (infra/), so not even an account owner can change a
/// record before its retention ends. Names: <c>{body slug}/{year}/{UTC time}-{id}.json</c>, so one body and year's
/// history is one listing; a refusal that names no body goes under <c>_unattributed/{UTC date}/</c>.
/// </summary>
public sealed class AuditTrail(StorageContainers containers, TimeProvider time)
{
    public const string UnattributedFolder = "_unattributed";

    /// <summary>Writes <paramref name="record"/> as a new blob and returns it with its <see cref="AuditRecord.Id"/>.</summary>
    public async Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var utc = record.At.ToUniversalTime();
        var stamp = utc.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var unique = Guid.NewGuid().ToString("N")[..12];
        var folder = record.Body is { } body && record.Year is { } year
            ? $"{SiteSlug.ForBody(body)}/{year.ToString(CultureInfo.InvariantCulture)}"
            : $"{UnattributedFolder}/{utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var written = record with { Id = $"{folder}/{stamp}-{record.Action}-{unique}.json" };
        await CreateAsync(written.Id!, written, cancellationToken);
        return written;
    }

    /// <summary>Creates the blob only if no blob of that name exists (409 otherwise): the write-once rule, for every record.</summary>
    internal async Task CreateAsync(string name, AuditRecord record, CancellationToken cancellationToken) =>
        await containers.Audit.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(record, AuditRecord.JsonOptions), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);

    /// <summary>Every record of one body and report year, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> HistoryAsync(string body, int year, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        var prefix = $"{SiteSlug.ForBody(body)}/{year.ToString(CultureInfo.InvariantCulture)}/";
        await foreach (var item in containers.Audit.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            records.Add(await ReadAsync(item.Name, cancellationToken));
        }
        return records.OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<AuditRecord> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var content = await containers.Audit.GetBlobClient(id).DownloadContentAsync(cancellationToken);
        return JsonSerializer.Deserialize<AuditRecord>(content.Value.Content.ToMemory().Span, AuditRecord.JsonOptions)
               ?? throw new JsonException($"empty audit record {id}");
    }

    /// <summary>Now, in China Standard Time (what the records show).</summary>
    public DateTimeOffset Now => ChinaTime.ToChina(time.GetUtcNow());
}
