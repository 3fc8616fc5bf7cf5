using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>Counts how often the trigger called the pipeline and how often the pipeline actually processed.</summary>
internal sealed class CountingProcessor(UploadLifecycle pipeline) : IUploadProcessor
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
