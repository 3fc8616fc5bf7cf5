using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.EndToEnd;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// The real pipeline (wired by <c>AddPipeline</c>, as <c>fp serve</c> wires it) behind the real local trigger host
/// (WebJobs blob trigger on Azurite). Tests upload blobs and read the status records, the site and the uploads back.
/// </summary>
internal sealed class PipelineUnderTrigger : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PipelineUnderTrigger(ServiceProvider services, BlobServiceClient storage, PipelineContainers containers, IUploadProcessor processor)
    {
        _services = services;
        Storage = storage;
        Uploads = storage.GetBlobContainerClient(containers.Uploads);
        Results = storage.GetBlobContainerClient(containers.Results);
        Web = storage.GetBlobContainerClient(containers.Web);
        Processor = processor;
    }

    public BlobServiceClient Storage { get; }
    public BlobContainerClient Uploads { get; }
    public BlobContainerClient Results { get; }
    public BlobContainerClient Web { get; }
    public UploadLifecycle Pipeline => _services.GetRequiredService<UploadLifecycle>();
    public SitePublisher Publisher => _services.GetRequiredService<SitePublisher>();

    /// <summary>What the trigger host calls (the pipeline, possibly wrapped by the test).</summary>
    public IUploadProcessor Processor { get; }

    public LocalTriggerHost? Host { get; private set; }

    public static async Task<PipelineUnderTrigger> StartAsync(
        string connectionString,
        PipelineContainers containers,
        Func<UploadLifecycle, BlobContainerClient, IUploadProcessor>? wrap = null,
        IPublishFaults? faults = null,
        HostJsonSettings? blobs = null,
        string? hostId = null)
    {
        var provider = BuildPipeline(connectionString, containers, faults);
        var storage = provider.GetRequiredService<BlobServiceClient>();
        var pipeline = provider.GetRequiredService<UploadLifecycle>();
        var processor = wrap?.Invoke(pipeline, storage.GetBlobContainerClient(containers.Web)) ?? pipeline;
        var under = new PipelineUnderTrigger(provider, storage, containers, processor);
        await under.StartHostAsync(connectionString, blobs, hostId ?? $"fp-robust-{Guid.NewGuid():N}"[..24]);
        return under;
    }

    /// <summary>The pipeline's services exactly as the hosts wire them (<c>AddPipeline</c>), with an optional publishing fault hook.</summary>
    public static ServiceProvider BuildPipeline(string connectionString, PipelineContainers containers, IPublishFaults? faults = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineStorage.ConnectionName] = connectionString,
            ["Pipeline:UploadsContainer"] = containers.Uploads,
            ["Pipeline:ResultsContainer"] = containers.Results,
            ["Publishing:ContainerName"] = containers.Web,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (faults is not null) services.AddSingleton(faults);
        services.AddPipeline(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private async Task StartHostAsync(string connectionString, HostJsonSettings? blobs, string hostId)
    {
        Host = await LocalTriggerHost.StartAsync(connectionString, Processor, new LocalTriggerHostOptions
        {
            HostId = hostId,
            UploadsContainer = Uploads.Name,
            Blobs = blobs ?? HostJsonSettings.Load(),
            // With FP_TEST_LOG the host's warnings (storage unreachable, catch-up passes) go to that file.
            MinimumLogLevel = FileLoggerProvider.FromEnvironment() is null ? Microsoft.Extensions.Logging.LogLevel.Critical : Microsoft.Extensions.Logging.LogLevel.Information,
        }, FileLoggerProvider.FromEnvironment());
    }

    /// <summary>Creates every container the pipeline uses, as <c>fp serve</c> does at start.</summary>
    public Task PrepareStorageAsync() => _services.PrepareStorageAsync();

    /// <summary>Uploads a blob as a clerk would; returns its ETag.</summary>
    public async Task<string> UploadAsync(string name, byte[] content)
    {
        await Uploads.CreateIfNotExistsAsync();
        var response = await Uploads.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
        return response.Value.ETag.ToString();
    }

    /// <summary>Waits for the status record of this upload version (its ETag) to reach a final outcome; null at the deadline.</summary>
    public async Task<UploadStatus?> WaitForStatusAsync(string name, string eTag, TimeSpan timeout, Func<UploadStatus, bool>? done = null)
    {
        UploadStatus? status = null;
        await Polling.UntilAsync(async () =>
        {
            status = await Pipeline.GetStatusAsync(name);
            return status is not null && status.ETag == eTag && (done?.Invoke(status) ?? true);
        }, timeout, TimeSpan.FromMilliseconds(250));
        return status is not null && status.ETag == eTag && (done?.Invoke(status) ?? true) ? status : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await _services.DisposeAsync();
    }
}
