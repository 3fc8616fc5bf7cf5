using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Sits between the trigger and the real pipeline and counts, per upload, the trigger's calls that returned
/// (<see cref="Calls"/>) and, of those, the ones that really processed the upload (<see cref="FinishedCount"/>: its
/// status's ProcessedAt moved; it reads the status before each call). Keeps each upload's last status. Forwards the
/// sweeps (unaddressable and unprocessed uploads) to the pipeline.
/// </summary>
internal sealed class CallAndRunCountingProcessor(UploadLifecycle pipeline) : IUploadProcessor
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();
    public ConcurrentDictionary<string, UploadStatus> Finished { get; } = new();
    public ConcurrentDictionary<string, int> FinishedCount { get; } = new();

    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        var before = await pipeline.GetStatusAsync(uploadName, cancellationToken);
        var status = await pipeline.ProcessAsync(uploadName, upload, cancellationToken);
        if (before is null || before.ProcessedAt != status.ProcessedAt)
        {
            FinishedCount.AddOrUpdate(uploadName, 1, (_, c) => c + 1);
        }
        Finished[uploadName] = status;
        Calls.AddOrUpdate(uploadName, 1, (_, c) => c + 1);
        return status;
    }

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
        pipeline.RecordFailedAsync(uploadName, eTag, cancellationToken);

    public Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) =>
        pipeline.RecordUnaddressableUploadsAsync(cancellationToken);

    public IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
        pipeline.FindUnprocessedUploadsAsync(olderThan, cancellationToken);
}

/// <summary>
/// Wraps any processor and counts, per upload, the calls that returned (did not throw) into <paramref name="completed"/>;
/// nothing else (no status read). Forwards the unaddressable-uploads sweep, but not the unprocessed-uploads sweep: that
/// one keeps the interface's default (finds none), so only the trigger hands uploads over.
/// </summary>
internal sealed class CompletedCallCountingProcessor(IUploadProcessor inner, ConcurrentDictionary<string, int> completed) : IUploadProcessor
{
    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        var status = await inner.ProcessAsync(uploadName, upload, cancellationToken);
        completed.AddOrUpdate(uploadName, 1, (_, n) => n + 1);
        return status;
    }

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
        inner.RecordFailedAsync(uploadName, eTag, cancellationToken);

    public Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) =>
        inner.RecordUnaddressableUploadsAsync(cancellationToken);
}
