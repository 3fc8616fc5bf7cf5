using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The sweep's listing, for uploads, approvals and withdrawals alike: the blobs of a request container that still need
/// processing (no record for their version, or one that failed for a transient cause), proportional to what changed.
/// <para>
/// A marker per container (<c>results/sweeps/{container}.json</c>) holds the time before which every blob was found
/// settled. A pass lists the container (names and properties, 5,000 a page), reads the record only of blobs modified
/// since the marker (and written at least <c>olderThan</c> ago), and moves the marker to the oldest blob it handed out
/// (it is checked again next pass), or to its own cut-off when it handed out none. A re-upload changes a blob's
/// last-modified time, so it is seen again. The marker lags its cut-off by <see cref="Margin"/>, so a blob written while the
/// listing ran is never skipped.
/// </para>
/// </summary>
public static class RequestSweep
{
    /// <summary>How far behind its cut-off a pass leaves the marker: clock skew and blobs written during the listing.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>Where the marker of <paramref name="container"/> is kept in <c>results</c> (no upload's record can have this name).</summary>
    public static string MarkerName(string container) => $"sweeps/{container}.json";

    /// <summary>
    /// The blobs of <paramref name="container"/> written at least <paramref name="olderThan"/> ago that match
    /// <paramref name="filter"/> and that <paramref name="needsProcessing"/> (name, quoted ETag) says still need processing.
    /// A blob the filter leaves out (e.g. one being processed right now) keeps the marker before it. <paramref name="margin"/>:
    /// <see cref="Margin"/> unless given (tests).
    /// </summary>
    public static async IAsyncEnumerable<(string Name, BlobClient Blob)> FindAsync(ResultRecords results, BlobContainerClient container, TimeSpan olderThan,
        Func<BlobItem, bool> filter, Func<string, string?, CancellationToken, Task<bool>> needsProcessing,
        [EnumeratorCancellation] CancellationToken cancellationToken, TimeSpan? margin = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(container);
        if (!await container.ExistsAsync(cancellationToken)) yield break;
        var markerName = MarkerName(container.Name);
        var marker = await results.ReadJsonAsync(markerName, cancellationToken) is { } json ? Marker.FromJson(json) : null;
        // Storage's own clock (LastModified), not the pipeline's publication clock, which tests may fix.
        var before = DateTimeOffset.UtcNow - olderThan;
        var settledBefore = before;
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (item.Properties.LastModified is not { } written || written > before) continue;
            if (marker is not null && written < marker.SettledBefore) continue;
            if (!filter(item))
            {
                if (written < settledBefore) settledBefore = written;
                continue;
            }
            // A listing gives the ETag bare (0x8D…); the trigger and GetProperties give it quoted: compare as they do.
            var eTag = item.Properties.ETag?.ToString() is { } listed ? (listed.StartsWith('"') ? listed : $"\"{listed}\"") : null;
            if (!await needsProcessing(item.Name, eTag, cancellationToken)) continue;
            if (written < settledBefore) settledBefore = written;
            yield return (item.Name, container.GetBlobClient(item.Name));
        }
        var next = settledBefore - (margin ?? Margin);
        if (marker is null || next > marker.SettledBefore)
        {
            await results.WriteJsonAsync(markerName, new Marker(next).ToJson(), cancellationToken);
        }
    }

    /// <summary>The marker: every blob of the container last modified before <see cref="SettledBefore"/> was found settled.</summary>
    private sealed record Marker(DateTimeOffset SettledBefore)
    {
        private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        public string ToJson() => JsonSerializer.Serialize(this, Options);

        public static Marker? FromJson(string json)
        {
            try
            {
                return JsonSerializer.Deserialize<Marker>(json, Options);
            }
            catch (JsonException)
            {
                return null; // a damaged marker: sweep everything once
            }
        }
    }
}
