using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Functions;
using FunctionsPipeline.Tests.Review;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Tests.Functions;

/// <summary>The Functions app's approval trigger called directly, with a mocked FunctionContext and real Azurite storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcessApprovalTests(AzuriteFixture fixture)
{
    private static FunctionContext Context()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        return context.Object;
    }

    [Fact]
    public async Task An_approval_blob_publishes_the_preview_through_the_function()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("xiji-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());
        var preview = await review.PreviewAsync("xiji-2024.xlsx");
        var blob = review.Containers.Approvals.GetBlobClient("xiji-2024.xlsx.json");
        await blob.UploadAsync(BinaryData.FromString(new Approval(Approval.Approved, "李审核", null, preview.Version).ToJson()));

        await new ProcessApproval(review.Approvals, NullLogger<ProcessApproval>.Instance).RunAsync(blob, "xiji-2024.xlsx.json", Context());

        Assert.Equal(ApprovalOutcome.Published, (await review.Approvals.GetStatusAsync("xiji-2024.xlsx.json"))!.Outcome);
        Assert.Equal(UploadOutcome.Published, (await review.Kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
    }

    [Fact]
    public void The_trigger_path_and_connection_match_the_deployment()
    {
        var parameter = typeof(ProcessApproval).GetMethod(nameof(ProcessApproval.RunAsync))!.GetParameters()[0];
        var trigger = (BlobTriggerAttribute)Attribute.GetCustomAttribute(parameter, typeof(BlobTriggerAttribute))!;

        Assert.Equal("approvals/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("PipelineStorage", trigger.Connection);
        Assert.Equal("ProcessApproval", typeof(ProcessApproval).GetMethod(nameof(ProcessApproval.RunAsync))!
            .GetCustomAttributes(typeof(FunctionAttribute), false).Cast<FunctionAttribute>().Single().Name);
    }

    [Fact]
    public async Task A_poison_message_of_an_approval_is_not_recorded_as_a_failed_upload()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        const string message = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessApproval","BlobType":"BlockBlob","ContainerName":"approvals","BlobName":"a.xlsx.json","ETag":"\"0x8DC\""}""";

        await new RecordFailedUpload(review.Kit.Pipeline,
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FunctionsPipeline.Core.Withdrawals.IWithdrawalProcessor>(review.Kit.Services),
            NullLogger<RecordFailedUpload>.Instance).RunAsync(message, Context());

        Assert.Null(await review.Kit.StatusAsync("a.xlsx.json"));
    }
}
