using System.Collections.Concurrent;
using Azure.Storage.Blobs;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>An <see cref="IUploadProcessor"/> without storage that records what the lifecycle helpers asked of it.</summary>
internal sealed class FakeProcessor : IUploadProcessor
{
    public ConcurrentQueue<(string Name, string? ETag)> FailedRecorded { get; } = new();
    public ConcurrentQueue<string> Processed { get; } = new();
    public List<(string Name, BlobClient Upload)> Unprocessed { get; init; } = [];
    public int Unaddressable { get; init; }
    public TimeSpan? AskedOlderThan { get; private set; }

    public Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        Processed.Enqueue(uploadName);
        return Task.FromResult(Status(uploadName, UploadOutcome.Published, null));
    }

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken)
    {
        FailedRecorded.Enqueue((uploadName, eTag));
        return Task.FromResult(Status(uploadName, UploadOutcome.Failed, eTag));
    }

    public Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) => Task.FromResult(Unaddressable);

    public async IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AskedOlderThan = olderThan;
        foreach (var item in Unprocessed)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static UploadStatus Status(string name, UploadOutcome outcome, string? eTag) =>
        new() { Upload = name, Outcome = outcome, Message = "测试", ETag = eTag };
}
