using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Functions;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static FunctionsPipeline.Tests.Withdrawal.WithdrawalKit;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>The hosts' withdrawal glue: the local WebJobs trigger on the withdrawals container, the Functions class, and <c>fp withdraw</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WithdrawalHostTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task The_local_trigger_host_processes_a_withdrawal_blob_end_to_end()
    {
        await using var kit = Create(fixture.ConnectionString);
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At);
        var id = Guid.NewGuid().ToString("N")[..12];
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, kit.Kit.Pipeline, new LocalTriggerHostOptions
        {
            HostId = $"fp-withdraw-{id}",
            UploadsContainer = kit.Kit.Uploads.Name,
            WithdrawalsContainer = kit.Withdrawals.Name,
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical,
        }, withdrawals: kit.Processor);

        await kit.WriteAsync("经办人提交.json", Json(TestReports.SeedBody, 2024));

        WithdrawalStatus? status = null;
        Assert.True(await Polling.UntilAsync(async () => (status = await kit.Processor.GetStatusAsync("经办人提交.json")) is not null, TimeSpan.FromSeconds(90)),
            "the host never processed the withdrawal");
        Assert.Equal(WithdrawalOutcome.Withdrawn, status!.Outcome);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(kit.Web, kit.Archive));
    }

    [Fact]
    public async Task The_functions_class_processes_the_blob_it_is_handed()
    {
        await using var kit = Create(fixture.ConnectionString);
        await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At);
        var blob = await kit.WriteAsync("w.json", Json(TestReports.SeedBody, 2024));
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);

        await new ProcessWithdrawal(kit.Processor, NullLogger<ProcessWithdrawal>.Instance).RunAsync(blob, "w.json", context.Object);

        Assert.Equal(WithdrawalOutcome.Withdrawn, (await kit.Processor.GetStatusAsync("w.json"))!.Outcome);
    }

    [Fact]
    public async Task A_poison_message_about_a_withdrawal_is_recorded_as_a_failed_withdrawal_not_as_an_upload()
    {
        await using var kit = Create(fixture.ConnectionString);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        const string message = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessWithdrawal","BlobType":"BlockBlob","ContainerName":"withdrawals","BlobName":"卡住的撤回.json","ETag":"\"0x8DC\""}""";

        await new RecordFailedUpload(kit.Kit.Pipeline, kit.Processor, NullLogger<RecordFailedUpload>.Instance).RunAsync(message, context.Object);

        var status = await kit.Processor.GetStatusAsync("卡住的撤回.json");
        Assert.Equal(WithdrawalOutcome.Failed, status!.Outcome);
        Assert.Equal("\"0x8DC\"", status.ETag);
        Assert.Null(await kit.Kit.StatusAsync("卡住的撤回.json"));
    }

    [Fact]
    public void The_functions_trigger_path_and_connection_match_the_deployment()
    {
        var parameter = typeof(ProcessWithdrawal).GetMethod(nameof(ProcessWithdrawal.RunAsync))!.GetParameters()[0];
        var trigger = (BlobTriggerAttribute)Attribute.GetCustomAttribute(parameter, typeof(BlobTriggerAttribute))!;
        var function = (FunctionAttribute)Attribute.GetCustomAttribute(typeof(ProcessWithdrawal).GetMethod(nameof(ProcessWithdrawal.RunAsync))!, typeof(FunctionAttribute))!;

        Assert.Equal("ProcessWithdrawal", function.Name);
        Assert.Equal("withdrawals/{name}", trigger.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, trigger.Source);
        Assert.Equal("PipelineStorage", trigger.Connection);
    }

    [Fact]
    public async Task Fp_withdraw_writes_the_request_processes_it_and_prints_the_outcome()
    {
        // A storage account of its own: the CLI uses the real container names.
        await using var azurite = await AzuriteProcess.StartAsync();
        var storage = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
        var publisher = PublishingTestKit.Publisher(storage, "$web");
        await publisher.PublishAsync(TestReports.Create());

        var (exit, output) = await FpProcess.RunAsync(Path.GetTempPath(),
            ["withdraw", "--body", TestReports.SeedBody, "--year", "2024", "--reason", "误发", "--by", "张三", "--storage", azurite.ConnectionString]);
        var (unknownExit, unknownOutput) = await FpProcess.RunAsync(Path.GetTempPath(),
            ["withdraw", "--body", "不存在的机关", "--year", "2024", "--reason", "误发", "--storage", azurite.ConnectionString]);
        var (usageExit, _) = await FpProcess.RunAsync(Path.GetTempPath(), ["withdraw", "--body", TestReports.SeedBody]);

        Assert.True(exit == 0, output);
        Assert.Contains(": withdrawn", output);
        Assert.Contains("withdrawal-notice", output);
        Assert.Contains("archived       reports/", output);
        Assert.Equal(1, unknownExit);
        Assert.Contains("WITHDRAWAL_NOT_PUBLISHED", unknownOutput);
        Assert.Equal(2, usageExit);
        var withdrawals = storage.GetBlobContainerClient("withdrawals");
        var names = await withdrawals.NamesAsync();
        Assert.Equal(2, names.Count);   // the requests stay, as uploads do
        Assert.Empty(await SiteIntegrity.ProblemsAsync(storage.GetBlobContainerClient("$web"), storage.GetBlobContainerClient("archive")));
        Assert.NotNull((await publisher.GetBodyManifestAsync(TestReports.SeedBody)).Publications.Single().Withdrawn);
    }
}
