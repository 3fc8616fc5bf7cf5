using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Functions;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FunctionsPipeline.Tests.Functions;

/// <summary>
/// Nothing lost in the corners (issue 28) and nothing misreported after an outage (issue 34), through the Functions app's
/// glue over the real pipeline on Azurite: a redelivery of an upload that published its own version, a failure by a
/// transient cause, a lost approval or withdrawal, a poisoned approval, and the sweep's cost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NothingLostTests(AzuriteFixture fixture)
{
    private static FunctionContext Context()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        return context.Object;
    }

    /// <summary>A kit whose request containers are its own (the approvals and withdrawals sweeps list whole containers).</summary>
    private PipelineTestKit Kit()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return PipelineTestKit.Create(fixture.ConnectionString, new Dictionary<string, string?>
        {
            ["Pipeline:ApprovalsContainer"] = $"approvals-{id}",
            ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{id}",
            ["Pipeline:PreviewsContainer"] = $"previews-{id}",
        });
    }

    private static async Task<Azure.Storage.Blobs.BlobClient> DropAsync(PipelineTestKit kit, string name, byte[] content)
    {
        await kit.Uploads.CreateIfNotExistsAsync();
        var blob = kit.Uploads.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return blob;
    }

    [Fact]
    public async Task A_redelivery_of_an_upload_whose_record_was_lost_after_it_published_reports_published_not_unchanged()
    {
        await using var kit = Kit();
        var workbook = WorkbookFactory.From(SampleReports.Seed).ToBytes();
        var upload = await DropAsync(kit, "西集镇.xlsx", workbook);
        var first = await kit.Pipeline.ProcessAsync("西集镇.xlsx", upload, CancellationToken.None);
        Assert.Equal((UploadOutcome.Published, 1), (first.Outcome, first.Version));

        // The record is lost (a crash or an outage between publishing and recording): the redelivery runs again.
        await kit.Results.GetBlobClient(ResultNames.Status("西集镇.xlsx")).DeleteAsync();
        var again = await kit.Pipeline.ProcessAsync("西集镇.xlsx", upload, CancellationToken.None);

        Assert.Equal((UploadOutcome.Published, 1, first.ETag), (again.Outcome, again.Version, again.ETag));
        Assert.Contains("第 1 版", again.Message, StringComparison.Ordinal);
        // Another upload of the same data is what unchanged is for.
        var other = await kit.Pipeline.ProcessAsync("另一份.xlsx", await DropAsync(kit, "另一份.xlsx", workbook), CancellationToken.None);
        Assert.Equal(UploadOutcome.Unchanged, other.Outcome);
        Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
    }

    [Fact]
    public async Task An_upload_failed_for_a_transient_cause_is_published_by_the_next_sweep()
    {
        await using var kit = Kit();
        var upload = await DropAsync(kit, "卡住的.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes());
        var eTag = (await upload.GetPropertiesAsync()).Value.ETag.ToString();
        // The trigger gave up on storage errors: the poison message records failed.
        const string poison = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessUpload","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"卡住的.xlsx","ETag":"ETAG"}""";
        await new RecordFailedUpload(kit.Pipeline, kit.Services.GetRequiredService<IWithdrawalProcessor>(), NullLogger<RecordFailedUpload>.Instance)
            .RunAsync(poison.Replace("ETAG", eTag.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal), Context());
        var failed = await kit.StatusAsync("卡住的.xlsx");
        Assert.Equal((UploadOutcome.Failed, StorageErrors.GaveUpCode, eTag), (failed!.Outcome, failed.Code, failed.ETag));

        await Core.Uploads.UploadSweep.RunAsync(kit.Pipeline, TimeSpan.Zero, NullLogger.Instance, CancellationToken.None);

        var swept = await kit.StatusAsync("卡住的.xlsx");
        Assert.Equal((UploadOutcome.Published, eTag), (swept!.Outcome, swept.ETag));
    }

    [Fact]
    public async Task The_sweep_timer_processes_an_approval_and_a_withdrawal_that_have_no_record()
    {
        await using var kit = Kit();
        var containers = kit.Services.GetRequiredService<StorageContainers>();
        await containers.PrepareAsync();
        // Their events were lost: nothing processed them. Both were written over 30 minutes ago as far as the sweep can
        // tell only in Azure; here the sweep's threshold is passed in.
        await containers.Approvals.GetBlobClient("无预览.xlsx.json").UploadAsync(BinaryData.FromString("""{"decision":"approved","by":"李审核","version":"abc"}"""));
        await containers.Withdrawals.GetBlobClient("撤回.json").UploadAsync(BinaryData.FromString(Withdrawal.WithdrawalKit.Json("未发布的机关", 2024)));
        var approvals = kit.Services.GetRequiredService<ApprovalProcessor>();
        var withdrawals = kit.Services.GetRequiredService<WithdrawalProcessor>();

        Assert.Equal(1, await approvals.SweepAsync(TimeSpan.Zero, busy: null, CancellationToken.None));
        Assert.Equal(1, await withdrawals.SweepAsync(TimeSpan.Zero, busy: null, CancellationToken.None));

        Assert.Equal(ReviewCodes.NoPreview, (await approvals.GetStatusAsync("无预览.xlsx.json"))?.Code);
        Assert.Equal(WithdrawalCodes.NotPublished, (await withdrawals.GetStatusAsync("撤回.json"))?.Code);
        // Settled: the next pass finds nothing.
        Assert.Equal(0, await approvals.SweepAsync(TimeSpan.Zero, busy: null, CancellationToken.None));
        Assert.Equal(0, await withdrawals.SweepAsync(TimeSpan.Zero, busy: null, CancellationToken.None));
        // The timer function runs all three sweeps (its own 30-minute threshold leaves these fresh blobs alone).
        await new SweepUploads(kit.Pipeline, NullLogger<SweepUploads>.Instance, approvals, withdrawals).RunAsync(new TimerInfo(), Context());
    }

    [Fact]
    public async Task A_poisoned_approval_gets_a_failed_approval_record_and_no_upload_record()
    {
        await using var kit = Kit();
        var approvals = kit.Services.GetRequiredService<ApprovalProcessor>();
        var message = """{"Type":"BlobTrigger","FunctionId":"Host.Functions.ProcessApproval","BlobType":"BlockBlob","ContainerName":"CONTAINER","BlobName":"a.xlsx.json","ETag":"\"0x8DC\""}"""
            .Replace("CONTAINER", kit.Options.ApprovalsContainer, StringComparison.Ordinal);

        await new RecordFailedUpload(kit.Pipeline, kit.Services.GetRequiredService<IWithdrawalProcessor>(), NullLogger<RecordFailedUpload>.Instance, approvals)
            .RunAsync(message, Context());

        var record = await approvals.GetStatusAsync("a.xlsx.json");
        Assert.NotNull(record);
        Assert.Equal((ApprovalOutcome.Failed, StorageErrors.GaveUpCode, "\"0x8DC\""), (record.Outcome, record.Code, record.ApprovalETag));
        Assert.Null(await kit.StatusAsync("a.xlsx.json"));
        Assert.Null(await kit.StatusAsync("a.xlsx"));
    }

    [Fact]
    public async Task A_sweep_reads_the_records_of_what_changed_since_its_last_pass_only()
    {
        await using var kit = Kit();
        var results = kit.Services.GetRequiredService<ResultRecords>();
        for (var i = 0; i < 5; i++) await DropAsync(kit, $"u{i}.xlsx", [1, 2, 3]);
        var reads = 0;
        Task<bool> NeedsProcessing(string name, string? eTag, CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(false); // settled
        }
        async Task<int> PassAsync()
        {
            reads = 0;
            await foreach (var _ in RequestSweep.FindAsync(results, kit.Uploads, TimeSpan.Zero, _ => true, NeedsProcessing, CancellationToken.None, margin: TimeSpan.Zero)) { }
            return reads;
        }

        Assert.Equal(5, await PassAsync());        // the first pass reads every record once
        Assert.Equal(0, await PassAsync());        // nothing changed: no record read
        await Task.Delay(1100);                    // storage keeps last-modified to the second
        await DropAsync(kit, "u5.xlsx", [4]);
        await DropAsync(kit, "u0.xlsx", [5]);      // a re-upload is a change
        Assert.Equal(2, await PassAsync());
    }
}
