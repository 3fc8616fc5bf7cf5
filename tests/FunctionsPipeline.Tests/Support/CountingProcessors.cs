using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Sits between the trigger and the real pipeline and counts, per upload, the trigger's calls that returned
/// (<see cref="Calls"/>) and, of those, the ones that really processed the upload (<see cref="FinishedCount"/>: its
/// status's ProcessedAt moved; it reads the status before each call). Keeps each upload's last status. Passes both
/// sweeps on to the pipeline.
/// </summary>
internal sealed class CallAndRunCountingProcessor : DelegatingProcessor
{
    private readonly UploadLifecycle _pipeline;

    public CallAndRunCountingProcessor(UploadLifecycle pipeline) : base(pipeline, forwardsUnprocessedSweep: true) => _pipeline = pipeline;

    public ConcurrentDictionary<string, int> Calls { get; } = new();
    public ConcurrentDictionary<string, UploadStatus> Finished { get; } = new();
    public ConcurrentDictionary<string, int> FinishedCount { get; } = new();

    public override async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        var before = await _pipeline.GetStatusAsync(uploadName, cancellationToken);
        var status = await _pipeline.ProcessAsync(uploadName, upload, cancellationToken);
        if (before is null || before.ProcessedAt != status.ProcessedAt)
        {
            FinishedCount.AddOrUpdate(uploadName, 1, (_, c) => c + 1);
        }
        Finished[uploadName] = status;
        Calls.AddOrUpdate(uploadName, 1, (_, c) => c + 1);
        return status;
    }
}

/// <summary>
/// Wraps any processor and counts, per upload, the calls that returned (did not throw) into <paramref name="completed"/>;
/// nothing else (no status read). Does not pass the unprocessed-uploads sweep on: only the trigger hands uploads over.
/// </summary>
internal sealed class CompletedCallCountingProcessor(IUploadProcessor inner, ConcurrentDictionary<string, int> completed)
    : DelegatingProcessor(inner, forwardsUnprocessedSweep: false)
{
    public override async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        var status = await Inner.ProcessAsync(uploadName, upload, cancellationToken);
        completed.AddOrUpdate(uploadName, 1, (_, n) => n + 1);
        return status;
    }
}
