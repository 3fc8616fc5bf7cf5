using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>The sweep both hosts run, and the storage-unavailable classifier both hosts and the pipeline use; no host, no storage.</summary>
public sealed class UploadSweepTests
{
    [Fact]
    public async Task Processes_every_upload_the_trigger_missed_after_the_threshold()
    {
        var missed = new[] { "a.xlsx", "b.xlsx" }.Select(n => (n, new BlobClient(new Uri($"http://127.0.0.1:1/acct/uploads/{n}")))).ToList();
        var processor = new FakeProcessor { Unprocessed = missed, Unaddressable = 1 };

        await UploadSweep.RunAsync(processor, TimeSpan.FromMinutes(30), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(["a.xlsx", "b.xlsx"], processor.Processed);
        Assert.Equal(TimeSpan.FromMinutes(30), processor.AskedOlderThan);
    }

    [Fact]
    public void Storage_errors_are_unavailable_and_defects_are_not()
    {
        Assert.True(StorageErrors.IsUnavailable(new RequestFailedException(503, "busy")));
        Assert.True(StorageErrors.IsUnavailable(new HttpRequestException("refused")));
        Assert.True(StorageErrors.IsUnavailable(new AggregateException(new InvalidOperationException(), new TimeoutException())));
        Assert.True(StorageErrors.IsUnavailable(new OperationCanceledException("t", new TimeoutException())));
        Assert.False(StorageErrors.IsUnavailable(new OperationCanceledException()));
        Assert.True(StorageErrors.IsUnavailable(new OperationCanceledException(), new CancellationToken(canceled: true)));
        Assert.False(StorageErrors.IsUnavailable(new InvalidOperationException("defect")));
        Assert.False(StorageErrors.IsUnavailable(new NullReferenceException()));
    }
}
