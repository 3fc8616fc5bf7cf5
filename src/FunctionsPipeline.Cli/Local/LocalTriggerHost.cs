using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

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
                var poisonQueue = new QueueClient(triggerConnection, PoisonMessages.QueueName,
                    new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                // Registered as plain IHostedService: AddHostedService keeps only the first of one implementation type.
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Poison queue", PoisonQueueWatcher.PollInterval,
                    ct => PoisonQueueWatcher.DrainAsync(poisonQueue, options.UploadsContainer, processor, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct),
                    sp.GetRequiredService<ILogger<PeriodicWork>>()));
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Upload sweep", options.SweepInterval,
                    ct => UploadSweep.RunAsync(processor, options.ReconcileAfter, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct),
                    sp.GetRequiredService<ILogger<PeriodicWork>>()));
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
