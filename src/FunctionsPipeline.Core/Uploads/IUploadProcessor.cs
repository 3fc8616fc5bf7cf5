using Azure.Storage.Blobs;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// What a blob trigger hands an upload to. The Functions app, the local WebJobs host (<c>fp serve</c>)
/// and the tests all call this one abstraction, so no host knows about the stages.
/// </summary>
public interface IUploadProcessor
{
    /// <summary>
    /// Processes one upload end to end and records its status. Throws only for transient failures
    /// (storage unavailable), so the trigger retries; every other outcome is a returned status.
    /// </summary>
    Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the trigger gave up on an upload (it reached the poison threshold): the status
    /// becomes <c>failed</c>; nothing public changes.
    /// </summary>
    Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken);

    /// <summary>
    /// Records <c>rejected</c> for uploads the trigger can never hand over (names with <c>.</c>/<c>..</c> segments) that
    /// have no status yet; returns how many it recorded. The hosts call it periodically. A processor that wraps the
    /// pipeline forwards it; the default (for test doubles that have no storage) records nothing.
    /// </summary>
    Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>
    /// Uploads the trigger has not handed over: addressable, last modified before <paramref name="olderThan"/> ago,
    /// and without a status record for their current version. The hosts pass them to <see cref="ProcessAsync"/>
    /// themselves, so an upload a trigger missed (e.g. one dequeued by a host that was stopping) is still processed.
    /// The default (test doubles without storage) finds none.
    /// </summary>
    IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
        AsyncEnumerable.Empty<(string, BlobClient)>();
}
