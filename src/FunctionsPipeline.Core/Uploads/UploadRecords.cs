using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The private <c>results</c> container: one status record per upload (<see cref="ResultNames.Status"/>) and, for a
/// rejected one, its findings as JSON and as a Chinese HTML page.
/// </summary>
public sealed class UploadRecords(UploadContainers containers)
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string HtmlType = "text/html; charset=utf-8";
    private volatile bool _ready;

    /// <summary>The status record of an upload, or null if it has none yet.</summary>
    public async Task<UploadStatus?> GetAsync(string uploadName, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync(ResultNames.Status(uploadName), cancellationToken) is { } json ? UploadStatus.FromJson(json) : null;

    public Task WriteAsync(UploadStatus status, CancellationToken cancellationToken) =>
        WriteJsonAsync(ResultNames.Status(status.Upload), status.ToJson(), cancellationToken);

    /// <summary>Any JSON record in results by its blob name (approvals' and withdrawals' records too), or null if absent.</summary>
    public async Task<string?> ReadJsonAsync(string blobName, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await containers.Results.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes a JSON record in results (creating the container the first time), not cached by readers.</summary>
    public Task WriteJsonAsync(string blobName, string json, CancellationToken cancellationToken) =>
        UploadAsync(blobName, json, JsonType, cancellationToken);

    /// <summary>
    /// Changes an upload's status record in place: <paramref name="change"/> gets the current record and returns the
    /// new one, or null to leave it. Written only if the record is still the one read (ETag condition), else read again,
    /// so a newer record written meanwhile is never overwritten. False if there is no record or the change declined.
    /// </summary>
    public async Task<bool> UpdateAsync(string uploadName, Func<UploadStatus, UploadStatus?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var blob = containers.Results.GetBlobClient(ResultNames.Status(uploadName));
        for (var attempt = 1; ; attempt++)
        {
            BlobDownloadResult current;
            try
            {
                current = (await blob.DownloadContentAsync(cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return false;
            }
            if (change(UploadStatus.FromJson(current.Content.ToString())) is not { } changed) return false;
            try
            {
                await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(changed.ToJson())), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = JsonType, CacheControl = "no-cache" },
                    Conditions = new BlobRequestConditions { IfMatch = current.Details.ETag },
                }, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxUpdateAttempts)
            {
                // Written by someone else since we read it: read it again and decide again.
            }
        }
    }

    private const int MaxUpdateAttempts = 8;

    /// <summary>Writes the findings (JSON and an HTML page in China Standard Time); returns their links.</summary>
    public async Task<IReadOnlyList<StatusLink>> WriteFindingsAsync(string uploadName, ValidationResult validation, DateTimeOffset checkedAt,
        CancellationToken cancellationToken)
    {
        var jsonName = ResultNames.FindingsJson(uploadName);
        var htmlName = ResultNames.FindingsHtml(uploadName);
        await UploadAsync(jsonName, FindingsJson.Serialize(uploadName, validation), JsonType, cancellationToken);
        await UploadAsync(htmlName, FindingsHtmlReport.Render(uploadName, validation, checkedAt), HtmlType, cancellationToken);
        return [new("findings-html", Uri(htmlName).AbsoluteUri), new("findings-json", Uri(jsonName).AbsoluteUri)];
    }

    /// <summary>Where an upload's status record is (for the CLI to print).</summary>
    public Uri StatusUri(string uploadName) => Uri(ResultNames.Status(uploadName));

    private Uri Uri(string blobName) => containers.Results.GetBlobClient(blobName).Uri;

    private async Task UploadAsync(string blobName, string text, string contentType, CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await containers.Results.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            _ready = true;
        }
        await containers.Results.GetBlobClient(blobName).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text)), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
        }, cancellationToken);
    }
}
