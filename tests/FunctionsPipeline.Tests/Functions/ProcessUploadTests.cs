using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Functions;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Functions;

/// <summary>The Functions app's classes called directly, with a mocked FunctionContext and real Azurite storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessUploadTests(AzuriteFixture fixture)
{
    private static FunctionContext Context(CancellationToken cancellationToken = default)
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.CancellationToken).Returns(cancellationToken);
        return context.Object;
    }

    [Fact]
    public async Task Publishes_the_uploaded_workbook_and_records_its_status()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var upload = kit.Uploads.GetBlobClient("西集镇 2024.xlsx");
        await upload.UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));
        var function = new ProcessUpload(kit.Pipeline, NullLogger<ProcessUpload>.Instance);

        await function.RunAsync(upload, "西集镇 2024.xlsx", Context());

        var status = await kit.StatusAsync("西集镇 2024.xlsx");
        Assert.NotNull(status);
        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.NotEmpty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Records_a_rejected_upload_without_throwing()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var upload = kit.Uploads.GetBlobClient("notes.txt");
        await upload.UploadAsync(BinaryData.FromString("not a workbook"));

        await new ProcessUpload(kit.Pipeline, NullLogger<ProcessUpload>.Instance).RunAsync(upload, "notes.txt", Context());

        Assert.Equal(UploadOutcome.Rejected, (await kit.StatusAsync("notes.txt"))!.Outcome);
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_cancelled_invocation_throws_and_records_nothing()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var upload = kit.Uploads.GetBlobClient("late.xlsx");
        await upload.UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ProcessUpload(kit.Pipeline, NullLogger<ProcessUpload>.Instance).RunAsync(upload, "late.xlsx", Context(new CancellationToken(canceled: true))));

        Assert.Null(await kit.StatusAsync("late.xlsx"));
    }

    [Fact]
    public async Task The_sweep_timer_records_an_upload_the_trigger_cannot_hand_over()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        await kit.Uploads.GetBlobClient("..\\..\\$web\\index.xlsx").UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));
        await kit.Uploads.GetBlobClient("正常.xlsx").UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));

        await new SweepUploads(kit.Pipeline, NullLogger<SweepUploads>.Instance).RunAsync(new TimerInfo(), Context());

        Assert.Equal(UploadOutcome.Rejected, (await kit.StatusAsync("../../$web/index.xlsx"))!.Outcome);
        Assert.Null(await kit.StatusAsync("正常.xlsx"));
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_poison_message_becomes_a_failed_status()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        const string message = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessUpload","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"卡住的.xlsx","ETag":"\"0x8DC\""}""";

        await new RecordFailedUpload(kit.Pipeline, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FunctionsPipeline.Core.Withdrawals.IWithdrawalProcessor>(kit.Services), NullLogger<RecordFailedUpload>.Instance).RunAsync(message, Context());

        var status = await kit.StatusAsync("卡住的.xlsx");
        Assert.NotNull(status);
        Assert.Equal(UploadOutcome.Failed, status.Outcome);
        Assert.Equal("\"0x8DC\"", status.ETag);
    }

    [Fact]
    public void The_trigger_path_and_connection_match_the_deployment()
    {
        var parameter = typeof(ProcessUpload).GetMethod(nameof(ProcessUpload.RunAsync))!.GetParameters()[0];
        var trigger = (BlobTriggerAttribute)Attribute.GetCustomAttribute(parameter, typeof(BlobTriggerAttribute))!;

        Assert.Equal("uploads/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("PipelineStorage", trigger.Connection);
    }
}
