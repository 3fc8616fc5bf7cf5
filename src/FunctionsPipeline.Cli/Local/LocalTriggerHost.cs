using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>Settings of the local trigger host.</summary>
public sealed record LocalTriggerHostOptions
{
    /// <summary>Receipts, the trigger queue and the scan cursor are keyed by it: a restarted host with the same id resumes, it does not start over.</summary>
    public string HostId { get; init; } = "fp-local";
    public string UploadsContainer { get; init; } = "uploads";
    public HostJsonSettings Blobs { get; init; } = HostJsonSettings.Load();
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>How often uploads the trigger can never hand over (names with <c>.</c>/<c>..</c> segments) are swept for a status (as often as the hybrid scan).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An upload without a status this long after it was written is processed by the sweep (a missed trigger).</summary>
    public TimeSpan ReconcileAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>For the benchmark's comparison only: keep the plain endpoint, so the extension falls back to its dev-storage scan (which misses blobs).</summary>
    internal bool UseDevelopmentStorageScan { get; init; }
}

/// <summary>
/// <c>fp serve</c>: the WebJobs SDK (the engine under the Functions host) running a real
/// <c>[BlobTrigger]</c> on the uploads container, handing each upload to an <see cref="IUploadProcessor"/>.
/// See <see cref="StorageConnection"/> for why the endpoints end in '/'.
/// </summary>
public sealed class LocalTriggerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private LocalTriggerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Creates the containers the trigger needs (uploads, <c>$logs</c>) and starts listening.</summary>
    public static async Task<LocalTriggerHost> StartAsync(
        string connectionString,
        IUploadProcessor processor,
        LocalTriggerHostOptions? options = null,
        ILoggerProvider? loggerProvider = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new LocalTriggerHostOptions();
        var triggerConnection = options.UseDevelopmentStorageScan
            ? StorageConnection.Expand(connectionString)
            : StorageConnection.ForTriggerHost(connectionString);
        await PrepareStorageAsync(triggerConnection, options, cancellationToken);

        var host = new HostBuilder()
            .UseEnvironment(Environments.Production)
            .ConfigureAppConfiguration(config => config.Sources.Clear())
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = triggerConnection,
                [UploadTriggerFunctions.ConnectionName] = triggerConnection,
                ["Pipeline:UploadsContainer"] = options.UploadsContainer,
            }))
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId(options.HostId);
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageBlobs(blobs =>
                {
                    blobs.MaxDegreeOfParallelism = options.Blobs.MaxDegreeOfParallelism;
                    blobs.PoisonBlobThreshold = options.Blobs.PoisonBlobThreshold;
                });
            })
            .ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.SetMinimumLevel(options.MinimumLogLevel);
                if (loggerProvider is not null) logging.AddProvider(loggerProvider);
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton(processor);
                // The blob extension writes its queue messages Base64-encoded.
                var poisonQueue = new QueueClient(triggerConnection, PoisonQueueWatcher.QueueName,
                    new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                services.AddHostedService(sp => new PoisonQueueWatcher(poisonQueue, options.UploadsContainer,
                    processor, sp.GetRequiredService<ILogger<PoisonQueueWatcher>>()));
                services.AddHostedService(sp => new UnaddressableUploadSweeper(processor, options.SweepInterval, options.ReconcileAfter,
                    sp.GetRequiredService<ILogger<UnaddressableUploadSweeper>>()));
                // Index only our functions, not every WebJobs-looking type in the loaded assemblies (tests, benches).
                services.AddSingleton<ITypeLocator>(new FixedTypeLocator(typeof(UploadTriggerFunctions)));
            })
            .Build();

        await host.StartAsync(cancellationToken);
        return new LocalTriggerHost(host);
    }

    private static async Task PrepareStorageAsync(string connectionString, LocalTriggerHostOptions options, CancellationToken cancellationToken)
    {
        var service = new BlobServiceClient(connectionString);
        await service.GetBlobContainerClient(options.UploadsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The hybrid scan strategy also lists the analytics logs; on Azurite that container must exist.
        await service.GetBlobContainerClient("$logs").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await ReleaseStaleReceiptsAsync(service, options.HostId, cancellationToken);
    }

    /// <summary>
    /// A host stopped in the middle of its scan can leave a blob receipt leased but not completed. The next
    /// host's scan then cannot take that receipt, and its scan loop drops such a failed notification while its
    /// cursor moves on: the blob would wait for yet another restart (seen in the restart test: 1 of 50 missed).
    /// Only one local host runs per host id, so before starting, break the leases of our own receipts.
    /// </summary>
    private static async Task ReleaseStaleReceiptsAsync(BlobServiceClient service, string hostId, CancellationToken cancellationToken)
    {
        var hosts = service.GetBlobContainerClient("azure-webjobs-hosts");
        if (!await hosts.ExistsAsync(cancellationToken)) return;
        var receipts = hosts.GetBlobsAsync(new GetBlobsOptions { Prefix = $"blobreceipts/{hostId}/" }, cancellationToken);
        await foreach (var receipt in receipts)
        {
            if (receipt.Properties.LeaseState != LeaseState.Leased) continue;
            try
            {
                await hosts.GetBlobClient(receipt.Name).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409)
            {
                // Gone or already released meanwhile: nothing to do.
            }
        }
    }

    /// <summary>Stops listening and lets running invocations finish (they see cancellation after the timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    private sealed class FixedTypeLocator(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}
