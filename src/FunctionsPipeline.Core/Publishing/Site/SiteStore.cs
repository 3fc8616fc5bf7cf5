using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// Counts of what publishing wrote, for the bench and for logs: every write, the bytes of listings
/// (everything but a version's own files) and how often a conditional write lost a race and was retried.
/// </summary>
public sealed class SiteWriteStats
{
    private long _writes;
    private long _bytes;
    private long _listingBytes;
    private long _etagRetries;
    private long _largestPage;
    private string _largestPagePath = "";

    public long Writes => Interlocked.Read(ref _writes);
    public long Bytes => Interlocked.Read(ref _bytes);
    public long ListingBytes => Interlocked.Read(ref _listingBytes);
    public long ETagRetries => Interlocked.Read(ref _etagRetries);

    /// <summary>The largest HTML or XML listing written, with its path.</summary>
    public (long Bytes, string Path) LargestPage
    {
        get { lock (this) return (_largestPage, _largestPagePath); }
    }

    public void Wrote(string path, long bytes, bool listing)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytes, bytes);
        if (!listing) return;
        Interlocked.Add(ref _listingBytes, bytes);
        if (path.EndsWith(".json", StringComparison.Ordinal)) return;
        lock (this)
        {
            if (bytes > _largestPage) (_largestPage, _largestPagePath) = (bytes, path);
        }
    }

    public void Retried() => Interlocked.Increment(ref _etagRetries);
}

/// <summary>
/// The two kinds of listing write. Records (JSON) are read-modify-written with If-Match on their ETag
/// (If-None-Match:* when new) and retried after losing a race. Pages rendered from a record carry the
/// record's generation in their metadata and only ever replace a page built from an older one, so a
/// slow writer never puts back a stale page and a retry after a crash finds nothing left to do.
/// </summary>
public sealed class SiteStore(BlobContainerClient container, PublishingOptions options, TimeProvider time, ILogger logger, SiteWriteStats stats)
{
    private const string GenerationMetadata = "generation";
    private const string HashMetadata = "contentsha256";
    public const string JsonType = "application/json; charset=utf-8";
    public const string HtmlType = "text/html; charset=utf-8";
    public const string XmlType = "application/xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string TextType = "text/plain; charset=utf-8";
    public const string ScriptType = "text/javascript; charset=utf-8";

    public BlobContainerClient Container => container;
    public SiteWriteStats Stats => stats;

    public async Task<(T? Value, ETag? ETag)> ReadAsync<T>(string path, CancellationToken cancellationToken, JsonSerializerOptions? json = null) where T : class
    {
        try
        {
            var response = await container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return (JsonSerializer.Deserialize<T>(response.Value.Content.ToMemory().Span, json ?? ListingJson.Options), response.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored record (null when there is none) and writes the result;
    /// a change returning null means "nothing to do". Returns the record as stored afterwards and whether this call wrote it.
    /// </summary>
    public async Task<(T? Value, bool Wrote)> UpdateAsync<T>(string path, Func<T?, T?> change, Func<Task> beforeWrite, CancellationToken cancellationToken,
        JsonSerializerOptions? json = null) where T : class
    {
        var announced = false;
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await ReadAsync<T>(path, cancellationToken, json);
            var updated = change(current);
            if (updated is null) return (current, false);
            if (!announced)
            {
                await beforeWrite();
                announced = true;
            }
            try
            {
                await UploadAsync(path, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(updated, json ?? ListingJson.Options)), JsonType, cancellationToken,
                    conditions: etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All });
                return (updated, true);
            }
            catch (RequestFailedException ex) when (IsConditionFailure(ex) && attempt < options.MaxConditionalWriteAttempts)
            {
                stats.Retried();
                logger.LogDebug("{Path} changed under us (attempt {Attempt}); retrying", path, attempt);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>Writes a page built from generation <paramref name="generation"/> unless the stored one is as new or newer.</summary>
    public async Task WriteIfNewerAsync(string path, long generation, Func<BinaryData> render, string contentType, Func<Task> beforeWrite,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var blob = container.GetBlobClient(path);
        var announced = false;
        BinaryData? content = null;
        for (var attempt = 1; ; attempt++)
        {
            ETag? etag = null;
            long builtFrom = -1;
            try
            {
                var props = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                etag = props.Value.ETag;
                if (props.Value.Metadata.TryGetValue(GenerationMetadata, out var g)) long.TryParse(g, CultureInfo.InvariantCulture, out builtFrom);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
            if (etag is not null && builtFrom >= generation) return;
            if (!announced)
            {
                await beforeWrite();
                announced = true;
            }
            content ??= render();
            try
            {
                await UploadAsync(path, content, contentType, cancellationToken,
                    metadata: new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>()) { [GenerationMetadata] = generation.ToString(CultureInfo.InvariantCulture) },
                    conditions: etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All });
                return;
            }
            catch (RequestFailedException ex) when (IsConditionFailure(ex) && attempt < options.MaxConditionalWriteAttempts)
            {
                stats.Retried();
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>The generation a stored page was built from; -1 when it is missing or was not built from a record.</summary>
    public async Task<long> StoredGenerationAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var props = await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            return props.Value.Metadata.TryGetValue(GenerationMetadata, out var g) && long.TryParse(g, CultureInfo.InvariantCulture, out var built) ? built : -1;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return -1;
        }
    }

    /// <summary>Writes a file whose content never depends on the site's data (robots.txt) unless it is there with this content.</summary>
    public async Task WriteFixedAsync(string path, BinaryData content, string contentType, string cacheControl, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.ToMemory().Span));
        try
        {
            var props = await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (props.Value.Metadata.TryGetValue(HashMetadata, out var current) && current == hash) return;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        await UploadAsync(path, content, contentType, cancellationToken, cacheControl: cacheControl,
            metadata: new Dictionary<string, string> { [HashMetadata] = hash });
    }

    private async Task UploadAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken,
        IDictionary<string, string>? metadata = null, BlobRequestConditions? conditions = null, string? cacheControl = null)
    {
        await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = cacheControl ?? options.ListingCacheControl },
            Metadata = metadata,
            Conditions = conditions,
        }, cancellationToken);
        stats.Wrote(path, content.ToMemory().Length, listing: true);
    }

    /// <summary>If-Match lost (412) or If-None-Match:* found the blob (409 BlobAlreadyExists, or 412).</summary>
    public static bool IsConditionFailure(RequestFailedException ex) => ex.Status is 409 or 412;

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), time, cancellationToken);
}
