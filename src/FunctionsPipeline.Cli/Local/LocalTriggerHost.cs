using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Timers;
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

    /// <summary>
    /// Creates the containers the trigger needs (uploads, <c>$logs</c>; withdrawals when <paramref name="withdrawals"/> is
    /// given) and starts listening: uploads go to <paramref name="processor"/>, withdrawal requests to <paramref name="withdrawals"/>.
    /// </summary>
    public static async Task<LocalTriggerHost> StartAsync(
        string connectionString,
        IUploadProcessor processor,
        LocalTriggerHostOptions? options = null,
        ILoggerProvider? loggerProvider = null,
        CancellationToken cancellationToken = default,
        IWithdrawalProcessor? withdrawals = null)
    {
        options ??= new LocalTriggerHostOptions();
        var triggerConnection = options.UseDevelopmentStorageScan
            ? StorageConnection.Expand(connectionString)
            : StorageConnection.ForTriggerHost(connectionString);
        await TriggerStorage.PrepareAsync(triggerConnection, options, cancellationToken);
        if (withdrawals is not null)
        {
            await new Azure.Storage.Blobs.BlobServiceClient(triggerConnection).GetBlobContainerClient(options.WithdrawalsContainer)
                .CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var host = new HostBuilder()
            .UseEnvironment(Environments.Production)
            .ConfigureAppConfiguration(config => config.Sources.Clear())
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = triggerConnection,
                [UploadTriggerFunctions.ConnectionName] = triggerConnection,
                ["Pipeline:UploadsContainer"] = options.UploadsContainer,
                ["Pipeline:WithdrawalsContainer"] = options.WithdrawalsContainer,
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
                if (withdrawals is not null) services.AddSingleton(withdrawals);
                services.AddSingleton<IWebJobsExceptionHandlerFactory, LoggingExceptionHandlerFactory>();
                var poisonQueue = PoisonQueueWatcher.QueueFor(triggerConnection);
                // Registered as plain IHostedService: AddHostedService keeps only the first of one implementation type.
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Poison queue", PoisonQueueWatcher.PollInterval,
                    ct => PoisonQueueWatcher.DrainAsync(poisonQueue, options.UploadsContainer, processor, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct,
                        withdrawals, options.WithdrawalsContainer),
                    sp.GetRequiredService<ILogger<PeriodicWork>>()));
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Upload sweep", options.SweepInterval,
                    ct => UploadSweep.RunAsync(processor, options.ReconcileAfter, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct),
                    sp.GetRequiredService<ILogger<PeriodicWork>>()));
                // Index only our functions, not every WebJobs-looking type in the loaded assemblies (tests, benches).
                services.AddSingleton<ITypeLocator>(withdrawals is null
                    ? new FixedTypeLocator(typeof(UploadTriggerFunctions))
                    : new FixedTypeLocator(typeof(UploadTriggerFunctions), typeof(WithdrawalTriggerFunctions)));
            })
            .Build();

        await host.StartAsync(cancellationToken);
        return new LocalTriggerHost(host);
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
