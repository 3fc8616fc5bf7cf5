using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The private containers of the pipeline's requests: uploads (clerks write), results (every request's record); previews
/// and approvals (review); withdrawals (requests) and archive (withdrawn files). The site's container is the publisher's
/// (<c>Publishing</c>); the hosts and the CLI take every name from here and from it, never from a literal.
/// </summary>
public sealed class StorageContainers(BlobServiceClient storage, IOptions<PipelineOptions> pipeline)
{
    public BlobContainerClient Uploads { get; } = storage.GetBlobContainerClient(pipeline.Value.UploadsContainer);

    public BlobContainerClient Results { get; } = storage.GetBlobContainerClient(pipeline.Value.ResultsContainer);

    /// <summary>Private: previews awaiting review (ReviewRequired; see Review/).</summary>
    public BlobContainerClient Previews { get; } = storage.GetBlobContainerClient(pipeline.Value.PreviewsContainer);

    /// <summary>Private: reviewers' approval blobs (ReviewRequired; see Review/).</summary>
    public BlobContainerClient Approvals { get; } = storage.GetBlobContainerClient(pipeline.Value.ApprovalsContainer);

    /// <summary>Where withdrawal requests are written (private).</summary>
    public BlobContainerClient Withdrawals { get; } = storage.GetBlobContainerClient(pipeline.Value.WithdrawalsContainer);

    /// <summary>Where withdrawn files are kept (private).</summary>
    public BlobContainerClient Archive { get; } = storage.GetBlobContainerClient(pipeline.Value.ArchiveContainer);

    /// <summary>Private, write-once: one record per review decision or refusal (<c>Review.AuditTrail</c>).</summary>
    public BlobContainerClient Audit { get; } = storage.GetBlobContainerClient(pipeline.Value.AuditContainer);

    /// <summary>
    /// Creates what is missing, all private: uploads, results, previews, approvals, withdrawals, archive and audit
    /// (<c>Hosting.StorageSetup</c> adds the site's).
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        await Uploads.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Results.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Previews.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Approvals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Withdrawals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Archive.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Audit.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
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
