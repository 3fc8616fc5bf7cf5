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
/// record before its retention ends. Names: <c>{body slug}/{year}/{UTC time}-{action}-{id}.json</c> (a request blob's record:
/// <c>…/request-{hash of its name and ETag}.json</c>, written once per blob version), so one body and year's
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
        var written = record with { Id = $"{Folder(record)}/{stamp}-{record.Action}-{Guid.NewGuid().ToString("N")[..12]}.json" };
        await CreateAsync(written.Id!, written, cancellationToken);
        return written;
    }

    /// <summary>
    /// Writes the record of one request blob version (<paramref name="requestKey"/>: its name and ETag) once: a redelivery of
    /// that request (a crash after the record, before the request's status) finds the record already there and returns it
    /// instead of writing a second record of the same decision.
    /// </summary>
    public async Task<AuditRecord> AppendOnceAsync(AuditRecord record, string requestKey, CancellationToken cancellationToken)
    {
        var written = record with { Id = $"{Folder(record)}/request-{Sha256.Hex(System.Text.Encoding.UTF8.GetBytes(requestKey))[..24]}.json" };
        try
        {
            await CreateAsync(written.Id!, written, cancellationToken);
            return written;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await ReadAsync(written.Id!, cancellationToken);
        }
    }

    private static string Folder(AuditRecord record) => record.Body is { } body && record.Year is { } year
        ? $"{SiteSlug.ForBody(body)}/{year.ToString(CultureInfo.InvariantCulture)}"
        : $"{UnattributedFolder}/{record.At.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Creates the blob only if no blob of that name exists (409 otherwise): the write-once rule, for every record.</summary>
    internal async Task CreateAsync(string name, AuditRecord record, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        var content = BinaryData.FromObjectAsJson(record, AuditRecord.JsonOptions);
        try
        {
            await containers.Audit.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // A host that did not prepare storage (a one-off command): the container is private, and infra/ creates it in Azure.
            await containers.Audit.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            await containers.Audit.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        }
    }

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

    /// <summary>
    /// Now, in China Standard Time (what the records show), to the millisecond: a history is ordered by it, and two decisions
    /// on one report can fall in the same second (request blobs' records are named by a hash, not by time).
    /// </summary>
    public DateTimeOffset Now
    {
        get
        {
            var utc = time.GetUtcNow();
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero), ChinaTime.Zone);
        }
    }
}
