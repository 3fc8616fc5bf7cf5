using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// Counts of what publishing wrote, for the bench and for logs: every write, the bytes of listings
/// (everything but a version's own files) and how often a conditional write lost a race and was retried.
/// </summary>
internal sealed class SiteWriteStats
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
/// record's generation and their template's version in their metadata (<see cref="PageVersion"/>) and only ever replace a
/// page built from an older one, so a slow writer never puts back a stale page, a retry after a crash finds nothing left to
/// do, and a release that changes a template rewrites each of its pages the next time it is touched.
/// </summary>
/// <param name="caches">What this process remembers between writes; <see cref="SiteCaches.Shared"/> when null.</param>
internal sealed class SiteStore(BlobContainerClient container, PublishingOptions options, TimeProvider time, ILogger logger, SiteWriteStats stats,
    SiteCaches? caches = null)
{
    private readonly LastSeen _lastSeen = (caches ?? SiteCaches.Shared).LastSeen;
    private readonly GroupCommit _groupCommit = (caches ?? SiteCaches.Shared).GroupCommit;
    private const string HashMetadata = "contentsha256";
    public const string JsonType = "application/json; charset=utf-8";
    public const string HtmlType = "text/html; charset=utf-8";
    public const string XmlType = "application/xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string TextType = "text/plain; charset=utf-8";
    public const string ScriptType = "text/javascript; charset=utf-8";

    public BlobContainerClient Container => container;
    public SiteWriteStats Stats => stats;
    public SiteCaches Caches => caches ?? SiteCaches.Shared;

    public async Task<(T? Value, ETag? ETag)> ReadAsync<T>(string path, CancellationToken cancellationToken, JsonSerializerOptions? json = null) where T : class
    {
        var blob = container.GetBlobClient(path);
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken);
            var bytes = response.Value.Content.ToArray();
            _lastSeen.Set(blob.Uri.AbsoluteUri, new LastSeen.Entry(bytes, response.Value.Details.ETag, PageVersion.None));
            return (JsonSerializer.Deserialize<T>(bytes, json ?? ListingJson.Options), response.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _lastSeen.Set(blob.Uri.AbsoluteUri, new LastSeen.Entry(null, null, PageVersion.None));
            return (null, null);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored record (null when there is none) and writes the result;
    /// a change returning null means "nothing to do". Returns the record as stored afterwards and whether this call's
    /// change is in it. Concurrent updates of one record in this process are applied together (<see cref="GroupCommit"/>):
    /// the record returned may also hold the others' changes.
    /// </summary>
    public Task<(T? Value, bool Wrote)> UpdateAsync<T>(string path, Func<T?, T?> change, Func<Task> beforeWrite, CancellationToken cancellationToken,
        JsonSerializerOptions? json = null) where T : class =>
        _groupCommit.SubmitAsync<RecordChange<T>, (T?, bool)>(container.GetBlobClient(path).Uri.AbsoluteUri, new RecordChange<T>(change, beforeWrite),
            (batch, batchToken) => UpdateBatchAsync(path, batch, json, batchToken), cancellationToken);

    private sealed class RecordChange<T>(Func<T?, T?> change, Func<Task> beforeWrite)
    {
        public Func<T?, T?> Change { get; } = change;
        public Func<Task> BeforeWrite { get; } = beforeWrite;
        /// <summary>Its step hook ran: it runs once per call, before the first write that holds this change.</summary>
        public bool Announced { get; set; }
    }

    /// <summary>One read, every change in order, one conditional write; after losing the race, all again from a fresh read.</summary>
    private async Task UpdateBatchAsync<T>(string path, IReadOnlyList<GroupCommit.Pending<RecordChange<T>, (T?, bool)>> batch, JsonSerializerOptions? json,
        CancellationToken cancellationToken) where T : class
    {
        var live = batch.ToList();
        var key = container.GetBlobClient(path).Uri.AbsoluteUri;
        // The first attempt starts from what this process last saw of the record, if anything; every later one reads.
        var trustCache = true;
        for (var attempt = 1; ; attempt++)
        {
            var cached = trustCache && _lastSeen.TryGet(key, out var seen) && !seen.Page.IsPage ? seen : null;
            trustCache = false;
            var (current, etag) = cached is not null
                ? (cached.Content is null ? null : JsonSerializer.Deserialize<T>(cached.Content, json ?? ListingJson.Options), cached.ETag)
                : await ReadAsync<T>(path, cancellationToken, json);
            var value = current;
            var changed = new HashSet<GroupCommit.Pending<RecordChange<T>, (T?, bool)>>();
            foreach (var p in live.ToList())
            {
                try
                {
                    var next = p.Input.Change(value);
                    if (next is null) continue;
                    if (!p.Input.Announced)
                    {
                        await p.Input.BeforeWrite();
                        p.Input.Announced = true;
                    }
                    value = next;
                    changed.Add(p);
                }
                catch (Exception ex)
                {
                    // This caller's change or step hook failed: it fails alone; the others go on without it.
                    p.Done.TrySetException(ex);
                    live.Remove(p);
                }
            }
            if (changed.Count == 0)
            {
                // Nothing to do is only believed of the stored record, never of a remembered one (a repair must see the store).
                if (cached is not null) continue;
                foreach (var p in live) p.Done.TrySetResult((current, false));
                return;
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, json ?? ListingJson.Options);
            try
            {
                var written = await UploadAsync(path, new BinaryData(bytes), JsonType, cancellationToken,
                    conditions: etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All });
                _lastSeen.Set(key, new LastSeen.Entry(bytes, written, PageVersion.None));
                foreach (var p in live) p.Done.TrySetResult((value, changed.Contains(p)));
                return;
            }
            catch (RequestFailedException ex) when (IsConditionFailure(ex) && attempt < options.MaxConditionalWriteAttempts)
            {
                _lastSeen.Forget(key);
                // A remembered ETag that went stale is not a lost race: read and try again at once.
                if (cached is not null) continue;
                stats.Retried();
                logger.LogDebug("{Path} changed under us (attempt {Attempt}); retrying", path, attempt);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="page"/> built from generation <paramref name="generation"/> unless the stored one is as new or
    /// newer (<see cref="PageVersion"/>: generation, then template version). Concurrent writes of one page in this process
    /// are settled together: only the newest is rendered and written.
    /// </summary>
    public Task WriteIfNewerAsync(string path, long generation, PageDraft page, Func<Task> beforeWrite,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraMetadata = null) =>
        _groupCommit.SubmitAsync<PageWrite, bool>(container.GetBlobClient(path).Uri.AbsoluteUri,
            new PageWrite(new PageVersion(generation, page.TemplateVersion), page, beforeWrite, extraMetadata),
            (batch, batchToken) => WritePageBatchAsync(path, batch, batchToken), cancellationToken);

    private sealed record PageWrite(PageVersion Version, PageDraft Page, Func<Task> BeforeWrite, IReadOnlyDictionary<string, string>? ExtraMetadata);

    /// <summary>The newest request of the batch is written (If-Match on the page read); every older one is then satisfied.</summary>
    private async Task WritePageBatchAsync(string path, IReadOnlyList<GroupCommit.Pending<PageWrite, bool>> batch, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(path);
        var live = batch.OrderByDescending(p => p.Input.Version).ToList();
        var announced = false;
        BinaryData? content = null;
        var key = blob.Uri.AbsoluteUri;
        var trustCache = true;
        for (var attempt = 1; live.Count > 0; attempt++)
        {
            var newest = live[0];
            ETag? etag = null;
            var builtFrom = PageVersion.None;
            // This process wrote or saw the page built at an older version: write on that ETag without asking first.
            // Anything else (not seen, or seen as new as this) is asked of the store, so a lost page is always noticed.
            var cached = trustCache && _lastSeen.TryGet(key, out var seen) && seen.ETag is not null && seen.Page.IsPage && seen.Page < newest.Input.Version
                ? seen : null;
            trustCache = false;
            if (cached is not null) (etag, builtFrom) = (cached.ETag, cached.Page);
            else
            {
                try
                {
                    var props = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                    etag = props.Value.ETag;
                    builtFrom = PageVersion.From(props.Value.Metadata);
                    _lastSeen.Set(key, new LastSeen.Entry(null, etag, builtFrom));
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                }
            }
            if (etag is not null && builtFrom >= newest.Input.Version)
            {
                foreach (var p in live) p.Done.TrySetResult(true);
                return;
            }
            if (!announced)
            {
                try
                {
                    await newest.Input.BeforeWrite();
                    announced = true;
                }
                catch (Exception ex)
                {
                    // Its step hook failed: that request fails alone and the next newest is written instead.
                    newest.Done.TrySetException(ex);
                    live.RemoveAt(0);
                    continue;
                }
            }
            content ??= newest.Input.Page.Render();
            try
            {
                var metadata = new Dictionary<string, string>(newest.Input.ExtraMetadata ?? new Dictionary<string, string>());
                newest.Input.Version.WriteTo(metadata);
                var written = await UploadAsync(path, content, newest.Input.Page.ContentType, cancellationToken, metadata: metadata,
                    conditions: etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All });
                _lastSeen.Set(key, new LastSeen.Entry(null, written, newest.Input.Version));
                foreach (var p in live) p.Done.TrySetResult(true);
                return;
            }
            catch (RequestFailedException ex) when (IsConditionFailure(ex) && attempt < options.MaxConditionalWriteAttempts)
            {
                _lastSeen.Forget(key);
                if (cached is not null) continue;
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
            return PageVersion.From(props.Value.Metadata).Generation;
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

    private async Task<ETag> UploadAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken,
        IDictionary<string, string>? metadata = null, BlobRequestConditions? conditions = null, string? cacheControl = null)
    {
        var response = await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = cacheControl ?? options.ListingCacheControl },
            Metadata = metadata,
            Conditions = conditions,
        }, cancellationToken);
        stats.Wrote(path, content.ToMemory().Length, listing: true);
        return response.Value.ETag;
    }

    /// <summary>If-Match lost (412) or If-None-Match:* found the blob (409 BlobAlreadyExists, or 412).</summary>
    public static bool IsConditionFailure(RequestFailedException ex) => ex.Status is 409 or 412;

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), time, cancellationToken);
}
