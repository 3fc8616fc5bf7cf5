using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>A pipeline wired as the hosts wire it (<c>AddPipeline</c>) on fresh containers, with a settable clock and fault hook.</summary>
internal sealed class WithdrawalKit : IAsyncDisposable
{
    private WithdrawalKit(PipelineTestKit kit, FixedClock clock, CrashOnceAt faults)
    {
        Kit = kit;
        Clock = clock;
        Faults = faults;
    }

    public PipelineTestKit Kit { get; }
    public FixedClock Clock { get; }
    public CrashOnceAt Faults { get; }
    public SitePublisher Publisher => Kit.Publisher;
    public BlobContainerClient Web => Kit.Web;
    public WithdrawalProcessor Processor => Kit.Services.GetRequiredService<WithdrawalProcessor>();
    public BlobContainerClient Withdrawals => Processor.Containers.Withdrawals;
    public BlobContainerClient Archive => Processor.Containers.Archive;

    public static WithdrawalKit Create(string connectionString, string? crashAt = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var clock = new FixedClock(PublishingTestKit.At);
        var faults = CrashOnceAt.StorageError(crashAt, armed: false);
        var kit = PipelineTestKit.Create(connectionString, new Dictionary<string, string?>
        {
            ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{id}",
            ["Pipeline:ArchiveContainer"] = $"archive-{id}",
            ["Pipeline:AuditContainer"] = $"audit-{id}",
        }, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IPublishFaults>(faults);
        });
        return new WithdrawalKit(kit, clock, faults);
    }

    /// <summary>Publishes a report (test PDF and OFD bytes) at <paramref name="at"/>.</summary>
    public Task<PublishResult> PublishAsync(Core.Model.AnnualReport report, DateTimeOffset at, string marker = "v1")
    {
        Clock.Now = at;
        return Publisher.PublishAsync(report, marker);
    }

    /// <summary>Writes a withdrawal blob; returns it.</summary>
    public async Task<BlobClient> WriteAsync(string name, string json)
    {
        await Withdrawals.CreateIfNotExistsAsync();
        var blob = Withdrawals.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(json), overwrite: true);
        return blob;
    }

    /// <summary>Writes a withdrawal blob and processes it as the trigger would, at <paramref name="at"/>.</summary>
    public async Task<WithdrawalStatus> WithdrawAsync(string name, string json, DateTimeOffset at)
    {
        Clock.Now = at;
        var blob = await WriteAsync(name, json);
        return await Processor.ProcessAsync(name, blob, CancellationToken.None);
    }

    public static string Json(string body, int year, string reason = "报告中个人信息未作脱敏处理", string? by = "办公室 张三") =>
        System.Text.Json.JsonSerializer.Serialize(new { body, year, reason, by }, WithdrawalRequest.JsonOptions);

    public ValueTask DisposeAsync() => Kit.DisposeAsync();
}
