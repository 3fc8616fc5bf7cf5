using Azure.Storage.Blobs;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// A processor that wraps another one (the trigger calls it, it calls the inner one) and passes the sweeps on: the
/// unaddressable-uploads sweep always, the unprocessed-uploads sweep only if <paramref name="forwardsUnprocessedSweep"/>
/// (otherwise it finds none, the interface's default, so only the trigger hands uploads over).
/// </summary>
internal abstract class DelegatingProcessor(IUploadProcessor inner, bool forwardsUnprocessedSweep) : IUploadProcessor
{
    /// <summary>The processor it wraps.</summary>
    protected IUploadProcessor Inner => inner;

    public abstract Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken);

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
        inner.RecordFailedAsync(uploadName, eTag, cancellationToken);

    public Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) =>
        inner.RecordUnaddressableUploadsAsync(cancellationToken);

    public IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
        forwardsUnprocessedSweep ? inner.FindUnprocessedUploadsAsync(olderThan, cancellationToken) : AsyncEnumerable.Empty<(string, BlobClient)>();
}
