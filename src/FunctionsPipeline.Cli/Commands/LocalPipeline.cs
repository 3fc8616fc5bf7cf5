using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Ledger;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// The pipeline as the CLI runs it: <c>AddPipeline</c> over a storage connection string (default
/// <c>UseDevelopmentStorage=true</c>) plus the environment, the same wiring as the Functions app.
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
    public UploadLifecycle Pipeline => _services.GetRequiredService<UploadLifecycle>();
    public StorageContainers Containers => Pipeline.Containers;
    public SitePublisher Publisher => _services.GetRequiredService<SitePublisher>();
    public BlobServiceClient Storage => _services.GetRequiredService<BlobServiceClient>();
    public PipelineOptions Options => _services.GetRequiredService<IOptions<PipelineOptions>>().Value;
    public UploadRecords Records => _services.GetRequiredService<UploadRecords>();
    public ResultRecords Results => _services.GetRequiredService<ResultRecords>();
    /// <summary>
    /// The local trigger host over this pipeline, as <c>fp serve</c> and <c>fp demo</c> run it: blob triggers on uploads,
    /// approvals and withdrawals, and the webhook delivery.
    /// </summary>
    public Task<LocalTriggerHost> StartTriggerHostAsync(string connectionString, CancellationToken cancellationToken) =>
        LocalTriggerHost.StartAsync(connectionString, Pipeline, Approvals,
            new LocalTriggerHostOptions
            {
                UploadsContainer = Options.UploadsContainer,
                ApprovalsContainer = Options.ApprovalsContainer,
                WithdrawalsContainer = Options.WithdrawalsContainer,
                Notifications = Notifications,
                Reminders = _services.GetRequiredService<Reminders>(),
                OpenData = Publisher,
            },
            cancellationToken: cancellationToken, withdrawals: Withdrawals);

    /// <summary>Sends the queued webhook events (the local trigger host runs it; see LocalTriggerHostOptions.Notifications).</summary>
    public NotificationDelivery Notifications => _services.GetRequiredService<NotificationDelivery>();
    public ApprovalProcessor Approvals => _services.GetRequiredService<ApprovalProcessor>();
    public PreviewStore Previews => _services.GetRequiredService<PreviewStore>();
    public WithdrawalProcessor Withdrawals => _services.GetRequiredService<WithdrawalProcessor>();
    /// <summary>The register of reporting bodies (<c>fp registry</c>).</summary>
    public RegisterStore Register => _services.GetRequiredService<RegisterStore>();
    /// <summary>The register's ledger (<c>fp ledger</c>).</summary>
    public LedgerStore Ledger => _services.GetRequiredService<LedgerStore>();
    /// <summary>The region's summary (<c>fp summarize</c>).</summary>
    public FunctionsPipeline.Core.Summary.SummaryExport Summaries => _services.GetRequiredService<FunctionsPipeline.Core.Summary.SummaryExport>();

    /// <summary>The review console on loopback (<c>http://127.0.0.1:{port}/console/</c>; 0 for any free port).</summary>
    public Task<LocalConsoleServer> StartConsoleAsync(int port, CancellationToken cancellationToken) =>
        LocalConsoleServer.StartAsync(_services.GetRequiredService<FunctionsPipeline.Core.ReviewConsole.ReviewConsoleApp>(), port, cancellationToken);

    /// <param name="review">Pipeline:Publication = ReviewRequired whatever the environment says (<c>--review</c>).</param>
    public static LocalPipeline Create(string? connectionString, IPipelineObserver? observer = null, LogLevel minimumLevel = LogLevel.Warning,
        bool review = false)
    {
        var connection = StorageConnection.Expand(connectionString ?? StorageConnection.DevelopmentStorage);
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PipelineStorage.ConnectionName] = connection })
            .AddEnvironmentVariables();
        if (review)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{PipelineOptions.SectionName}:{nameof(PipelineOptions.Publication)}"] = nameof(PublicationMode.ReviewRequired),
            });
        }
        var configuration = builder.Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel));
        if (observer is not null) services.AddSingleton(observer);
        services.AddPipeline(configuration);
        return new LocalPipeline(services.BuildServiceProvider(), connection);
    }

    /// <summary>Every container and queue the app uses, as configured (Core's one list).</summary>
    public StorageInventory Inventory => StorageInventory.From(_services);

    /// <summary>Creates the containers (see <see cref="StorageSetup.PrepareStorageAsync"/>).</summary>
    public Task PrepareContainersAsync(CancellationToken cancellationToken = default) => _services.PrepareStorageAsync(cancellationToken);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
