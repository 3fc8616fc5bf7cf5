using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace FunctionsPipeline.Cli.Local;

/// <summary>What the WebJobs blob trigger needs in storage before it starts, on Azurite and after a restart.</summary>
internal static class TriggerStorage
{
    /// <summary>Creates the containers the trigger needs (uploads, <c>$logs</c>) and releases this host id's stale receipt leases.</summary>
    public static async Task PrepareAsync(string connectionString, LocalTriggerHostOptions options, CancellationToken cancellationToken)
    {
        var service = new BlobServiceClient(connectionString);
        await service.GetBlobContainerClient(options.UploadsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The hybrid scan strategy also lists the analytics logs; on Azurite that container must exist.
        await service.GetBlobContainerClient(Core.Common.StorageNames.LogsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await ReleaseStaleReceiptsAsync(service, options.HostId, cancellationToken);
    }

    /// <summary>
    /// A host stopped in the middle of its scan can leave a blob receipt leased but not completed. The next
    /// host's scan then cannot take that receipt, and its scan loop drops such a failed notification while its
    /// cursor moves on: the blob would wait for yet another restart (seen in the restart test: 1 of 50 missed).
    /// Only one local host runs per host id, so before starting, break the leases of our own receipts.
    /// </summary>
    private static async Task ReleaseStaleReceiptsAsync(BlobServiceClient service, string hostId, CancellationToken cancellationToken)
    {
        var hosts = service.GetBlobContainerClient(Core.Common.StorageNames.HostContainer);
        if (!await hosts.ExistsAsync(cancellationToken)) return;
        var receipts = hosts.GetBlobsAsync(new GetBlobsOptions { Prefix = $"blobreceipts/{hostId}/" }, cancellationToken);
        await foreach (var receipt in receipts)
        {
            if (receipt.Properties.LeaseState != LeaseState.Leased) continue;
            try
            {
                await hosts.GetBlobClient(receipt.Name).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409)
            {
                // Gone or already released meanwhile: nothing to do.
            }
        }
    }
}
