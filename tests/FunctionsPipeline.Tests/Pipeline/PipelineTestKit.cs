using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Pipeline;

/// <summary>A pipeline wired exactly as the hosts wire it (<c>AddPipeline</c>), on fresh containers of the shared Azurite.</summary>
internal sealed class PipelineTestKit : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PipelineTestKit(ServiceProvider services, BlobServiceClient storage, PipelineOptions options, string webContainer)
    {
        _services = services;
        Storage = storage;
        Options = options;
        Web = storage.GetBlobContainerClient(webContainer);
        Results = storage.GetBlobContainerClient(options.ResultsContainer);
        Uploads = storage.GetBlobContainerClient(options.UploadsContainer);
    }

    public BlobServiceClient Storage { get; }
    public PipelineOptions Options { get; }
    public BlobContainerClient Web { get; }
    public BlobContainerClient Results { get; }
    public BlobContainerClient Uploads { get; }
    public UploadLifecycle Pipeline => _services.GetRequiredService<UploadLifecycle>();
    public SitePublisher Publisher => _services.GetRequiredService<SitePublisher>();
    public IServiceProvider Services => _services;

    public static PipelineTestKit Create(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            [PipelineStorage.ConnectionName] = connectionString,
            ["Pipeline:UploadsContainer"] = $"uploads-{id}",
            ["Pipeline:ResultsContainer"] = $"results-{id}",
            ["Publishing:ContainerName"] = $"web-{id}",
            // Withdrawn files of different tests never meet in one archive.
            ["Pipeline:ArchiveContainer"] = $"archive-{id}",
            ["Pipeline:AuditContainer"] = $"audit-{id}",
            // No register unless the test loads one (Registry/).
            ["Registry:Container"] = $"registry-{id}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        configure?.Invoke(services);
        services.AddPipeline(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value;
        return new PipelineTestKit(provider, provider.GetRequiredService<BlobServiceClient>(), options, values["Publishing:ContainerName"]!);
    }

    public async Task<UploadStatus?> StatusAsync(string uploadName) => await Pipeline.GetStatusAsync(uploadName);

    /// <summary>Every blob of the site container with its ETag (empty if the container does not exist).</summary>
    public async Task<Dictionary<string, string>> SiteSnapshotAsync() =>
        await Web.SnapshotAsync(missingAsEmpty: true);

    /// <summary>Uploads into the uploads container and processes the blob as the trigger would.</summary>
    public async Task<UploadStatus> DropAndProcessAsync(string uploadName, byte[] content)
    {
        await Uploads.CreateIfNotExistsAsync();
        var blob = Uploads.GetBlobClient(uploadName);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return await Pipeline.ProcessAsync(uploadName, blob, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
