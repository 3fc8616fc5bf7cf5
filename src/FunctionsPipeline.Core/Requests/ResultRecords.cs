using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The private <c>results</c> container: every request's record (an upload's status, an approval's, a withdrawal's) as
/// JSON under its own name, and a rejected upload's findings as JSON and as a Chinese HTML page. Each kind of record has
/// one writer (its processor); this class only stores.
/// </summary>
public sealed class ResultRecords(StorageContainers containers)
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string HtmlType = "text/html; charset=utf-8";
    private volatile bool _ready;

    /// <summary>A JSON record by its blob name, or null if absent.</summary>
    public async Task<string?> ReadJsonAsync(string blobName, CancellationToken cancellationToken = default) =>
        (await ReadWithETagAsync(blobName, cancellationToken))?.Json;

    /// <summary>A JSON record with its blob ETag (for a conditional write), or null if absent.</summary>
    public async Task<(string Json, ETag ETag)?> ReadWithETagAsync(string blobName, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = (await containers.Results.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value;
            return (content.Content.ToString(), content.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes a JSON record (creating the container the first time), not cached by readers.</summary>
    public Task WriteJsonAsync(string blobName, string json, CancellationToken cancellationToken) =>
        UploadAsync(blobName, json, JsonType, cancellationToken, conditions: null);

    /// <summary>
    /// Writes a JSON record only if it is still the one read (<paramref name="ifMatch"/>), or, with null, only if there is
    /// none. False when someone wrote it in between (nothing written).
    /// </summary>
    public async Task<bool> TryWriteJsonAsync(string blobName, string json, ETag? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await UploadAsync(blobName, json, JsonType, cancellationToken,
                ifMatch is { } eTag ? new BlobRequestConditions { IfMatch = eTag } : new BlobRequestConditions { IfNoneMatch = ETag.All });
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 409)
        {
            return false;
        }
    }

    /// <summary>The link kinds of the page and the JSON of an upload that passed with warnings (a rejected one's are <c>findings-*</c>).</summary>
    public const string WarningsHtml = "warnings-html", WarningsJson = "warnings-json";

    /// <summary>Whether a status link is to the warnings of an upload that passed.</summary>
    public static bool IsWarnings(StatusLink link) => link.Kind is WarningsHtml or WarningsJson;

    /// <summary>
    /// Writes the findings (JSON and an HTML page in China Standard Time) — a rejected upload's errors and warnings, or the
    /// warnings of one that passed — and returns their links (<c>findings-*</c>, or <c>warnings-*</c> when there are no errors).
    /// </summary>
    public async Task<IReadOnlyList<StatusLink>> WriteFindingsAsync(string uploadName, ValidationResult validation, DateTimeOffset checkedAt,
        CancellationToken cancellationToken)
    {
        var jsonName = ResultNames.FindingsJson(uploadName);
        var htmlName = ResultNames.FindingsHtml(uploadName);
        await UploadAsync(jsonName, FindingsJson.Serialize(uploadName, validation), JsonType, cancellationToken, conditions: null);
        await UploadAsync(htmlName, FindingsHtmlReport.Render(uploadName, validation, checkedAt), HtmlType, cancellationToken, conditions: null);
        return validation.IsValid
            ? [new(WarningsHtml, UriOf(htmlName).AbsoluteUri), new(WarningsJson, UriOf(jsonName).AbsoluteUri)]
            : [new("findings-html", UriOf(htmlName).AbsoluteUri), new("findings-json", UriOf(jsonName).AbsoluteUri)];
    }

    /// <summary>The warnings written for an upload (<see cref="WriteFindingsAsync"/>), or none.</summary>
    public async Task<IReadOnlyList<Finding>> ReadWarningsAsync(string uploadName, CancellationToken cancellationToken) =>
        await ReadJsonAsync(ResultNames.FindingsJson(uploadName), cancellationToken) is { } json ? FindingsJson.ReadWarnings(json) : [];

    /// <summary>Where a record is (for the CLI to print).</summary>
    public Uri UriOf(string blobName) => containers.Results.GetBlobClient(blobName).Uri;

    private async Task UploadAsync(string blobName, string text, string contentType, CancellationToken cancellationToken, BlobRequestConditions? conditions)
    {
        if (!_ready)
        {
            await containers.Results.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            _ready = true;
        }
        await containers.Results.GetBlobClient(blobName).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text)), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
            Conditions = conditions,
        }, cancellationToken);
    }
}
