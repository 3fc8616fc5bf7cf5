using System.Text.Json;
using Azure;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// Upload status records in <c>results</c> (<see cref="ResultNames.Status"/>). Anyone may read them; only
/// <see cref="UploadLifecycle"/> writes them, and every write is conditional on the record it read.
/// </summary>
public sealed class UploadRecords(ResultRecords results)
{
    /// <summary>The status record of an upload, or null if it has none yet.</summary>
    public async Task<UploadStatus?> GetAsync(string uploadName, CancellationToken cancellationToken = default) =>
        (await ReadAsync(uploadName, cancellationToken))?.Status;

    /// <summary>
    /// The status record with its blob ETag, or null if it has none yet. A record only under the older name
    /// (<see cref="ResultNames.LegacyStatus"/>) is returned with a null ETag: the next write creates it under
    /// <see cref="ResultNames.Status"/>. An older name holding something else (another upload's findings, whose name
    /// the older layout could share) is not a record of this upload.
    /// </summary>
    internal async Task<(UploadStatus Status, ETag? ETag)?> ReadAsync(string uploadName, CancellationToken cancellationToken)
    {
        if (await results.ReadWithETagAsync(ResultNames.Status(uploadName), cancellationToken) is var (json, eTag)) return (UploadStatus.FromJson(json), eTag);
        if (await results.ReadJsonAsync(ResultNames.LegacyStatus(uploadName), cancellationToken) is not { } legacy) return null;
        try
        {
            return UploadStatus.FromJson(legacy) is { } status && status.Upload == uploadName ? (status, null) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record if it is still <paramref name="ifMatch"/> (null: if there is none); false when it changed meanwhile.</summary>
    internal Task<bool> TryWriteAsync(UploadStatus status, ETag? ifMatch, CancellationToken cancellationToken) =>
        results.TryWriteJsonAsync(ResultNames.Status(status.Upload), status.ToJson(), ifMatch, cancellationToken);

    /// <summary>Where an upload's status record is (for the CLI to print).</summary>
    public Uri StatusUri(string uploadName) => results.UriOf(ResultNames.Status(uploadName));
}
