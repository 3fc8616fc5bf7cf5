using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The containers of an upload's life: uploads (clerks write), results (status records), the site; previews and approvals
/// (review); and of a withdrawal: withdrawals (requests) and archive (withdrawn files).
/// </summary>
public sealed class UploadContainers(BlobServiceClient storage, IOptions<PipelineOptions> pipeline, IOptions<PublishingOptions> publishing)
{
    public BlobContainerClient Uploads { get; } = storage.GetBlobContainerClient(pipeline.Value.UploadsContainer);

    public BlobContainerClient Results { get; } = storage.GetBlobContainerClient(pipeline.Value.ResultsContainer);

    /// <summary>Private: previews awaiting review (ReviewRequired; see Review/).</summary>
    public BlobContainerClient Previews { get; } = storage.GetBlobContainerClient(pipeline.Value.PreviewsContainer);

    /// <summary>Private: reviewers' approval blobs (ReviewRequired; see Review/).</summary>
    public BlobContainerClient Approvals { get; } = storage.GetBlobContainerClient(pipeline.Value.ApprovalsContainer);

    public BlobContainerClient Site { get; } = storage.GetBlobContainerClient(publishing.Value.ContainerName);

    /// <summary>Where withdrawal requests are written (private).</summary>
    public BlobContainerClient Withdrawals { get; } = storage.GetBlobContainerClient(pipeline.Value.WithdrawalsContainer);

    /// <summary>Where withdrawn files are kept (private).</summary>
    public BlobContainerClient Archive { get; } = storage.GetBlobContainerClient(pipeline.Value.ArchiveContainer);

    /// <summary>
    /// Creates what is missing: uploads, results, previews, approvals, withdrawals and archive private, the site with <see cref="PublishingOptions.ContainerPublicAccess"/>
    /// (readable by anyone locally, where Azurite has no static website endpoint).
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        await Uploads.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Results.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Previews.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Approvals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Site.CreateIfNotExistsAsync(publishing.Value.ContainerPublicAccess, cancellationToken: cancellationToken);
        await Withdrawals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Archive.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// True if a blob URL cannot carry the name unchanged: it has a <c>.</c> or <c>..</c> segment (URLs resolve them),
    /// or the SDK's client for it ends up at another name.
    /// </summary>
    public bool IsUnaddressable(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Split('/').Any(segment => segment is "." or "..")) return true;
        var client = Uploads.GetBlobClient(blobName);
        return client.Name != blobName || new BlobUriBuilder(client.Uri).BlobName != blobName;
    }
}
