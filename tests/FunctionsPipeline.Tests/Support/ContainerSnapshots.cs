using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Every blob of a container read into a dictionary, to compare a container before and after: by ETag
/// (<see cref="SnapshotAsync"/>: equal snapshots mean nothing was written) or by content (<see cref="HashesAsync"/>).
/// </summary>
internal static class ContainerSnapshots
{
    /// <summary>
    /// Every blob's name and ETag, in listing order. A container that does not exist throws (the listing's 404), unless
    /// <paramref name="missingAsEmpty"/>, when it is an empty snapshot.
    /// </summary>
    public static async Task<Dictionary<string, string>> SnapshotAsync(this BlobContainerClient container, bool missingAsEmpty = false)
    {
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.None }))
            {
                blobs[item.Name] = item.Properties.ETag!.Value.ToString();
            }
        }
        catch (RequestFailedException ex) when (missingAsEmpty && ex.Status == 404)
        {
        }
        return blobs;
    }

    /// <summary>SHA-256 of every blob's content, by name (empty when the container does not exist).</summary>
    public static async Task<Dictionary<string, string>> HashesAsync(this BlobContainerClient container)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!await container.ExistsAsync()) return hashes;
        await foreach (var item in container.GetBlobsAsync())
        {
            hashes[item.Name] = Sha256.Hex((await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToMemory().Span);
        }
        return hashes;
    }

    /// <summary>Every blob's name, in listing order (ordinal); the container must exist.</summary>
    public static async Task<List<string>> NamesAsync(this BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync()) names.Add(item.Name);
        return names;
    }
}
