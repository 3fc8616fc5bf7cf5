using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The pipeline as the CLI runs it: <c>AddPipeline</c> over a storage connection string (default
/// <c>UseDevelopmentStorage=true</c>), the same wiring as the Functions app.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalPipeline(ServiceProvider services, string connectionString)
    {
        _services = services;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }
    public PipelineService Pipeline => _services.GetRequiredService<PipelineService>();
    public SitePublisher Publisher => _services.GetRequiredService<SitePublisher>();
    public BlobServiceClient Storage => _services.GetRequiredService<BlobServiceClient>();
    public PipelineOptions Options => _services.GetRequiredService<IOptions<PipelineOptions>>().Value;

    public static LocalPipeline Create(string? connectionString, IPipelineObserver? observer = null, LogLevel minimumLevel = LogLevel.Warning)
    {
        var connection = StorageConnection.Expand(connectionString ?? StorageConnection.DevelopmentStorage);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PipelineStorage.ConnectionName] = connection })
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel));
        if (observer is not null) services.AddSingleton(observer);
        services.AddPipeline(configuration);
        return new LocalPipeline(services.BuildServiceProvider(), connection);
    }

    /// <summary>Creates the containers: uploads and results private, the site container readable by anyone (Azurite has no static website endpoint).</summary>
    public async Task PrepareContainersAsync(CancellationToken cancellationToken = default)
    {
        await Storage.GetBlobContainerClient(Options.UploadsContainer).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Storage.GetBlobContainerClient(Options.ResultsContainer).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Publisher.Container.CreateIfNotExistsAsync(PublicAccessType.Blob, cancellationToken: cancellationToken);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
