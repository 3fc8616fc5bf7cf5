using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>
/// An <see cref="IUploadProcessor"/> that reads the upload and records, per upload name, how often it
/// was processed to completion and when (Stopwatch timestamps), to prove exactly-once delivery.
/// </summary>
internal sealed class RecordingProcessor : IUploadProcessor
{
    private readonly ConcurrentDictionary<string, int> _completed = new();
    private readonly ConcurrentDictionary<string, long> _firstCompletedAt = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, string?> _failed = new();

    /// <summary>Throw this (a transient failure) for the given upload names, on every attempt.</summary>
    public Func<string, Exception?> Fault { get; init; } = _ => null;

    public IReadOnlyDictionary<string, int> Completed => _completed;
    public IReadOnlyDictionary<string, long> FirstCompletedAt => _firstCompletedAt;
    public IReadOnlyDictionary<string, int> Attempts => _attempts;
    public IReadOnlyDictionary<string, string?> Failed => _failed;

    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        _attempts.AddOrUpdate(uploadName, 1, (_, n) => n + 1);
        if (Fault(uploadName) is { } fault) throw fault;
        var content = await upload.DownloadContentAsync(cancellationToken);
        var now = Stopwatch.GetTimestamp();
        _firstCompletedAt.TryAdd(uploadName, now);
        _completed.AddOrUpdate(uploadName, 1, (_, n) => n + 1);
        return new UploadStatus
        {
            Upload = uploadName,
            Outcome = UploadOutcome.Unchanged,
            Message = $"读取 {content.Value.Content.ToMemory().Length} 字节",
            ETag = content.Value.Details.ETag.ToString(),
        };
    }

    public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken)
    {
        _failed[uploadName] = eTag;
        return Task.FromResult(new UploadStatus { Upload = uploadName, Outcome = UploadOutcome.Failed, Message = "失败", ETag = eTag });
    }
}
