using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Tests.Review;

/// <summary>A pipeline in ReviewRequired mode (wired by <c>AddPipeline</c>) on fresh containers, with helpers for approvals.</summary>
internal sealed class ReviewKit : IAsyncDisposable
{
    private ReviewKit(PipelineTestKit kit) => Kit = kit;

    public PipelineTestKit Kit { get; }
    public StorageContainers Containers => Kit.Services.GetRequiredService<StorageContainers>();
    public ApprovalProcessor Approvals => Kit.Services.GetRequiredService<ApprovalProcessor>();
    public PreviewStore Previews => Kit.Services.GetRequiredService<PreviewStore>();

    public AuditTrail Audit => Kit.Services.GetRequiredService<AuditTrail>();

    public static async Task<ReviewKit> CreateAsync(string connectionString, Action<IServiceCollection>? configure = null,
        IDictionary<string, string?>? settings = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var all = new Dictionary<string, string?>
        {
            ["Pipeline:Publication"] = "ReviewRequired",
            ["Pipeline:PreviewsContainer"] = $"previews-{id}",
            ["Pipeline:ApprovalsContainer"] = $"approvals-{id}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var kit = PipelineTestKit.Create(connectionString, all, configure);
        var review = new ReviewKit(kit);
        await kit.Services.PrepareStorageAsync();
        return review;
    }

    public async Task<PreviewRecord> PreviewAsync(string upload) =>
        (await Previews.GetAsync(upload, CancellationToken.None))?.Record ?? throw new InvalidOperationException($"no preview of {upload}");

    /// <summary>Writes <c>approvals/{name}</c> and processes it as the trigger would.</summary>
    public async Task<ApprovalStatus> ApproveRawAsync(string approvalName, string json)
    {
        var blob = Containers.Approvals.GetBlobClient(approvalName);
        await blob.UploadAsync(BinaryData.FromString(json), overwrite: true);
        return await Approvals.ProcessAsync(approvalName, blob, CancellationToken.None);
    }

    public Task<ApprovalStatus> DecideAsync(string upload, string decision, string version, string? reason = null, string by = "李审核") =>
        ApproveRawAsync(upload + ".json", new Approval(decision, by, reason, version).ToJson());

    public async Task<byte[]> PreviewBytesAsync(PreviewRecord record, string kind) =>
        (await Containers.Previews.GetBlobClient(record.File(kind)!.Path).DownloadContentAsync()).Value.Content.ToArray();

    public async Task<byte[]> SiteBytesAsync(string path) => (await Kit.Web.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();

    public static string Hash(byte[] bytes) => Sha256.Hex(bytes);

    public ValueTask DisposeAsync() => Kit.DisposeAsync();
}
