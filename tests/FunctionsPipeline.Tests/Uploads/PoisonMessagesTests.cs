using Microsoft.Extensions.Logging.Abstractions;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>Poison-message parsing and recording, shared by both hosts, checked with a processor that has no storage.</summary>
public sealed class PoisonMessagesTests
{
    private const string Message =
        """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessUpload","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"卡住的.xlsx","ETag":"\"0x8DC\""}""";

    [Fact]
    public void The_queue_is_the_blob_extensions_poison_queue() => Assert.Equal("webjobs-blobtrigger-poison", PoisonMessages.QueueName);

    [Fact]
    public void Parses_the_blob_extensions_message()
    {
        Assert.Equal(new PoisonMessage("uploads", "卡住的.xlsx", "\"0x8DC\"", "Host.Functions.ProcessUpload"), PoisonMessages.Parse(Message));
        Assert.Null(PoisonMessages.Parse("not json"));
    }

    [Fact]
    public async Task Records_the_named_upload_as_failed_with_its_etag()
    {
        var processor = new FakeProcessor();

        Assert.True(await PoisonRouting.RecordUploadAsync(processor, Message, "uploads", NullLogger.Instance, CancellationToken.None));

        Assert.Equal([("卡住的.xlsx", (string?)"\"0x8DC\"")], processor.FailedRecorded);
    }

    [Fact]
    public async Task Leaves_another_containers_message_and_drops_one_without_a_name()
    {
        var processor = new FakeProcessor();

        Assert.False(await PoisonRouting.RecordUploadAsync(processor, Message, "other-uploads", NullLogger.Instance, CancellationToken.None));
        Assert.True(await PoisonRouting.RecordUploadAsync(processor, "{}", "uploads", NullLogger.Instance, CancellationToken.None));
        Assert.True(await PoisonRouting.RecordUploadAsync(processor, Message, uploadsContainer: null, NullLogger.Instance, CancellationToken.None));

        Assert.Single(processor.FailedRecorded);
    }
}
