using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Review;

/// <summary>
/// The private <c>previews</c> container. One upload's preview lives under <c>{stem}/</c> (the upload's name made safe as
/// for its status record, <see cref="ResultNames.Stem"/>): <c>preview.json</c> (<see cref="PreviewRecord"/>),
/// <c>index.html</c> (the reviewer's overview), <c>site.css</c>, and the draft version folder
/// <c>reports/{slug}/{year}/draft/</c> with <c>report.pdf</c>, <c>report.ofd</c>, <c>report.html</c>, <c>report.json</c>,
/// <c>notice.html</c> (草稿), <c>warnings.html</c> and, for a correction, <c>changes.html</c>. The folder mirrors the site's
/// <c>reports/{slug}/{year}/v{n}/</c>, so the report page's own relative links (<c>../../../../site.css</c>) work in the
/// preview unchanged: its bytes are the ones an approval publishes. A newer upload of the same name replaces the preview.
/// </summary>
public sealed class PreviewStore(StorageContainers containers)
{
    public const string RecordFile = "preview.json";
    public const string IndexFile = "index.html";
    public const string WarningsFile = "warnings.html";
    public const string ChangesFile = "changes.html";
    public const string SupersededChangesFile = "changes-superseded.html";

    /// <summary>Where the review queue's one pending upload per body and year is named: <c>_pending/{slug}/{year}.json</c>.</summary>
    public const string PendingFolder = "_pending";

    public static string PendingPath(string body, int year) =>
        $"{PendingFolder}/{SiteSlug.ForBody(body)}/{year.ToString(System.Globalization.CultureInfo.InvariantCulture)}.json";

    /// <summary>The upload pending review for a body and year (with the pointer's ETag), or null.</summary>
    public async Task<(string Upload, ETag ETag)?> GetPendingAsync(string body, int year, CancellationToken cancellationToken)
    {
        try
        {
            var content = await containers.Previews.GetBlobClient(PendingPath(body, year)).DownloadContentAsync(cancellationToken);
            return PendingUpload(content.Value.Content) is { } name ? (name, content.Value.Details.ETag) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The upload each body and year's pointer names (the review queue; decided or superseded ones included).</summary>
    public async IAsyncEnumerable<string> PendingUploadsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in containers.Previews.GetBlobsAsync(BlobTraits.None, BlobStates.None, PendingFolder + "/", cancellationToken))
        {
            if (PendingUpload(new BinaryData(await ReadAsync(item.Name, cancellationToken))) is { } name) yield return name;
        }
    }

    private static string? PendingUpload(BinaryData pointer)
    {
        using var json = JsonDocument.Parse(pointer.ToMemory());
        return json.RootElement.TryGetProperty("upload", out var upload) ? upload.GetString() : null;
    }

    /// <summary>Names <paramref name="upload"/> as the body and year's pending upload, only if the pointer is still as read (412 otherwise).</summary>
    public Task SetPendingAsync(string body, int year, string upload, ETag? ifMatch, CancellationToken cancellationToken) =>
        WriteAsync(PendingPath(body, year), BinaryData.FromObjectAsJson(new { upload }, PreviewRecord.JsonOptions), "application/json; charset=utf-8",
            cancellationToken, ifMatch is { } eTag ? new BlobRequestConditions { IfMatch = eTag } : new BlobRequestConditions { IfNoneMatch = ETag.All });

    /// <summary>When the upload blob's current version was written, or null when it is not in <c>uploads</c> (<c>fp publish --review</c>).</summary>
    public async Task<DateTimeOffset?> UploadedAtAsync(string uploadName, CancellationToken cancellationToken)
    {
        try
        {
            return (await containers.Uploads.GetBlobClient(uploadName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.LastModified;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public BlobContainerClient Container => containers.Previews;

    public static string Root(string uploadName) => ResultNames.Stem(uploadName) + "/";

    public static string RecordPath(string uploadName) => Root(uploadName) + RecordFile;

    public static string DraftFolder(string uploadName, string body, int year) => $"{Root(uploadName)}{SiteSlug.YearFolder(body, year)}/draft";

    /// <summary>The preview record of an upload, with its blob ETag (for a conditional update), or null if there is none.</summary>
    public async Task<(PreviewRecord Record, ETag ETag)?> GetAsync(string uploadName, CancellationToken cancellationToken)
    {
        try
        {
            var content = await containers.Previews.GetBlobClient(RecordPath(uploadName)).DownloadContentAsync(cancellationToken);
            var record = JsonSerializer.Deserialize<PreviewRecord>(content.Value.Content.ToMemory().Span, PreviewRecord.JsonOptions);
            return record is null ? null : (record, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the record; with <paramref name="ifMatch"/>, only if nobody replaced it since it was read (else 412 throws).</summary>
    public Task WriteRecordAsync(PreviewRecord record, ETag? ifMatch, CancellationToken cancellationToken) =>
        WriteAsync(RecordPath(record.Upload), BinaryData.FromObjectAsJson(record, PreviewRecord.JsonOptions), "application/json; charset=utf-8",
            cancellationToken, ifMatch is { } eTag ? new BlobRequestConditions { IfMatch = eTag } : null);

    public async Task WriteAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken,
        BlobRequestConditions? conditions = null)
    {
        await containers.Previews.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
            Conditions = conditions,
        }, cancellationToken);
    }

    public async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
        (await containers.Previews.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();

    public Uri UrlOf(string path) => containers.Previews.GetBlobClient(path).Uri;
}
