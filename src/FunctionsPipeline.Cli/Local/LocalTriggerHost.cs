using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Requests;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Approvals;

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
    private bool _abandoned;

    private LocalTriggerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Creates the containers the trigger needs (uploads, <c>$logs</c>) and starts listening.</summary>
    public static Task<LocalTriggerHost> StartAsync(
        string connectionString,
        IUploadProcessor processor,
        LocalTriggerHostOptions? options = null,
        ILoggerProvider? loggerProvider = null,
        CancellationToken cancellationToken = default,
        IWithdrawalProcessor? withdrawals = null) =>
        StartAsync(connectionString, processor, approvals: null, options, loggerProvider, cancellationToken, withdrawals);

    /// <summary>
    /// Creates the containers the triggers need (uploads, <c>$logs</c>; approvals and withdrawals when their processors are
    /// given) and starts listening: uploads go to <paramref name="processor"/>, approval blobs to <paramref name="approvals"/>
    /// (the review gate), withdrawal requests to <paramref name="withdrawals"/>.
    /// </summary>
    public static async Task<LocalTriggerHost> StartAsync(
        string connectionString,
        IUploadProcessor processor,
        ApprovalProcessor? approvals,
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
        var blobService = new Azure.Storage.Blobs.BlobServiceClient(triggerConnection);
        if (approvals is not null)
        {
            await blobService.GetBlobContainerClient(options.ApprovalsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        if (withdrawals is not null)
        {
            await blobService.GetBlobContainerClient(options.WithdrawalsContainer)
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
                ["Pipeline:ApprovalsContainer"] = options.ApprovalsContainer,
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
                // The CLI handles SIGTERM and Ctrl-C itself (CommandArgs) and stops this host; it must not swallow them.
                services.AddSingleton<IHostLifetime, NoSignalLifetime>();
                services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                services.AddSingleton(processor);
                services.AddSingleton<InFlightRequests>();
                services.AddSingleton(sp => new StorageRecovery(triggerConnection,
                    ct => CatchUpAsync(processor, approvals, withdrawals, sp.GetRequiredService<InFlightRequests>(), sp.GetRequiredService<ILogger<StorageRecovery>>(), ct),
                    sp.GetRequiredService<ILogger<StorageRecovery>>()));
                services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StorageRecovery>());
                if (approvals is not null) services.AddSingleton(approvals);
                if (withdrawals is not null) services.AddSingleton(withdrawals);
                services.AddSingleton<IWebJobsExceptionHandlerFactory, LoggingExceptionHandlerFactory>();
                var poisonQueue = PoisonQueueWatcher.QueueFor(triggerConnection);
                // Registered as plain IHostedService: AddHostedService keeps only the first of one implementation type.
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Poison queue", PoisonQueueWatcher.PollInterval,
                    ct => PoisonQueueWatcher.DrainAsync(poisonQueue, options.UploadsContainer, processor, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct,
                        withdrawals, options.WithdrawalsContainer, approvals, options.ApprovalsContainer),
                    sp.GetRequiredService<ILogger<PeriodicWork>>(), sp.GetRequiredService<StorageRecovery>().ReportUnavailable));
                services.AddSingleton<IHostedService>(sp => new PeriodicWork("Sweep", options.SweepInterval,
                    ct => SweepAsync(processor, approvals, withdrawals, options.ReconcileAfter, sp.GetRequiredService<ILogger<PeriodicWork>>(), ct),
                    sp.GetRequiredService<ILogger<PeriodicWork>>(), sp.GetRequiredService<StorageRecovery>().ReportUnavailable));
                if (options.Notifications is { } notifications)
                {
                    services.AddSingleton<IHostedService>(sp => new PeriodicWork("Notifications", options.NotificationPollInterval,
                        notifications.DeliverPendingAsync, sp.GetRequiredService<ILogger<PeriodicWork>>()));
                }
                if (options.Reminders is { } reminders)
                {
                    services.AddSingleton<IHostedService>(sp => new PeriodicWork("Reminders", options.ReminderInterval,
                        async ct => await reminders.RunAsync(ct), sp.GetRequiredService<ILogger<PeriodicWork>>()));
                }
                if (options.OpenData is { } site)
                {
                    services.AddSingleton<IHostedService>(sp => new PeriodicWork("Open data", options.OpenDataInterval,
                        async ct => await site.RefreshOpenDataAsync(ct), sp.GetRequiredService<ILogger<PeriodicWork>>(),
                        sp.GetRequiredService<StorageRecovery>().ReportUnavailable));
                }
                // Index only our functions, not every WebJobs-looking type in the loaded assemblies (tests, benches).
                var functions = new List<Type> { typeof(UploadTriggerFunctions) };
                if (approvals is not null) functions.Add(typeof(ApprovalTriggerFunctions));
                if (withdrawals is not null) functions.Add(typeof(WithdrawalTriggerFunctions));
                services.AddSingleton<ITypeLocator>(new FixedTypeLocator([.. functions]));
            })
            .Build();

        await host.StartAsync(cancellationToken);
        return new LocalTriggerHost(host);
    }

    /// <summary>
    /// How long a stop waits for the host's services: a request still running after <see cref="InvocationCancellation.LocalHostGrace"/>
    /// is cancelled (storage down), and what it left half done is finished by the next start (receipts, sweep).
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = InvocationCancellation.LocalHostGrace + TimeSpan.FromSeconds(1);

    /// <summary>How long a stop waits for the host's services when no request is under way.</summary>
    public static readonly TimeSpan IdleShutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The periodic sweep of uploads, approvals and withdrawals (<see cref="LocalTriggerHostOptions.ReconcileAfter"/>).</summary>
    private static async Task SweepAsync(IUploadProcessor uploads, ApprovalProcessor? approvals, IWithdrawalProcessor? withdrawals, TimeSpan reconcileAfter,
        ILogger logger, CancellationToken cancellationToken)
    {
        await UploadSweep.RunAsync(uploads, reconcileAfter, logger, cancellationToken);
        if (approvals is not null) await approvals.SweepAsync(reconcileAfter, busy: null, cancellationToken);
        if (withdrawals is not null) await withdrawals.SweepAsync(reconcileAfter, busy: null, cancellationToken);
    }

    /// <summary>
    /// The catch-up pass after an outage (<see cref="StorageRecovery"/>): every request without an outcome for its version,
    /// whatever its age, except the ones a trigger is processing; uploads four at a time, each through <see cref="InFlightRequests"/>.
    /// </summary>
    private static async Task<int> CatchUpAsync(IUploadProcessor uploads, ApprovalProcessor? approvals, IWithdrawalProcessor? withdrawals,
        InFlightRequests inFlight, ILogger logger, CancellationToken cancellationToken)
    {
        var processed = await UploadSweep.RunAsync(new InFlightUploads(uploads, inFlight), TimeSpan.Zero, logger,
            name => inFlight.IsBusy(InFlightRequests.Uploads, name), parallelism: 4, cancellationToken);
        if (approvals is not null) processed += await approvals.SweepAsync(TimeSpan.Zero, name => inFlight.IsBusy(InFlightRequests.Approvals, name), cancellationToken);
        if (withdrawals is not null) processed += await withdrawals.SweepAsync(TimeSpan.Zero, name => inFlight.IsBusy(InFlightRequests.Withdrawals, name), cancellationToken);
        return processed;
    }

    /// <summary>The uploads processor with each upload run through <see cref="InFlightRequests"/>, as the trigger runs it.</summary>
    private sealed class InFlightUploads(IUploadProcessor inner, InFlightRequests inFlight) : IUploadProcessor
    {
        public Task<UploadStatus> ProcessAsync(string uploadName, Azure.Storage.Blobs.BlobClient upload, CancellationToken cancellationToken) =>
            inFlight.RunAsync(InFlightRequests.Uploads, uploadName, () => inner.ProcessAsync(uploadName, upload, cancellationToken));

        public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
            inner.RecordFailedAsync(uploadName, eTag, cancellationToken);

        public Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken) => inner.RecordUnaddressableUploadsAsync(cancellationToken);

        public IAsyncEnumerable<(string Name, Azure.Storage.Blobs.BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan, CancellationToken cancellationToken) =>
            inner.FindUnprocessedUploadsAsync(olderThan, cancellationToken);
    }

    /// <summary>A lifetime that leaves the process's signals alone (the default one takes SIGTERM and Ctrl-C and never stops this host).</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Stops listening and lets running invocations finish (they see cancellation after the timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            // The WebJobs listeners do not all heed the host's shutdown token (one waiting on unreachable storage retries on):
            // the stop is given ShutdownTimeout, then abandoned. The blob receipts and the sweep finish the rest at the next start.
            // With no request under way nothing is left half done, so the stop waits only briefly.
            var limit = _host.Services.GetRequiredService<InFlightRequests>().IsEmpty ? IdleShutdownTimeout : ShutdownTimeout + TimeSpan.FromSeconds(1);
            await _host.StopAsync(cancellationToken).WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
            _abandoned = true;
            _host.Services.GetService<ILoggerFactory>()?.CreateLogger<LocalTriggerHost>()
                .LogWarning("The trigger host did not stop in time (storage unreachable?); leaving it");
        }
        catch (Exception ex) when (IsSharedBlobListenerStopRace(ex))
        {
            // With several blob triggers (uploads, approvals, withdrawals) the blob extension's shared queue listener is
            // stopped once per trigger; the second stop now and then throws "The timer has already been stopped" (seen
            // in `fp demo --review --once`). Everything is stopping anyway: log it rather than end the process.
            _host.Services.GetService<ILoggerFactory>()?.CreateLogger<LocalTriggerHost>()
                .LogWarning("A blob listener was already stopped while the trigger host shut down: {Message}", ex.Message);
        }
    }

    private static bool IsSharedBlobListenerStopRace(Exception ex) => ex switch
    {
        InvalidOperationException { Message: "The timer has already been stopped." } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsSharedBlobListenerStopRace),
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // A host whose stop was abandoned may still be inside a listener: disposing it would wait for that too.
        if (!_abandoned) _host.Dispose();
    }

    private sealed class FixedTypeLocator(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}
