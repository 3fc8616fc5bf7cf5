using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// One trigger host over one <c>uploads</c> container; each upload is routed to its own pipeline (own <c>$web</c> and
/// <c>results</c>) whose publisher crashes once before one step. All eight run in one burst; each row checks its site.
/// </summary>
public sealed class CrashBetweenStepsHost : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly List<ServiceProvider> _providers = [];
    private AzuriteProcess? _azurite;
    private LocalTriggerHost? _host;

    internal Dictionary<string, (UploadLifecycle Pipeline, CrashOnceAt Faults, string ETag, SitePublisher Publisher)> ByStep { get; } = [];
    internal ConcurrentDictionary<string, int> Attempts { get; } = new();

    public static string UploadName(string step) => $"crash-before-{step}.xlsx";

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var uploads = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient("uploads");
        await uploads.CreateIfNotExistsAsync();
        var routes = new Dictionary<string, UploadLifecycle>(StringComparer.Ordinal);
        var number = 0;
        foreach (var step in PublishSteps.InOrder)
        {
            var faults = CrashOnceAt.StorageError(step);
            var unique = PipelineContainers.Unique();
            var provider = PipelineUnderTrigger.BuildPipeline(_azurite.ConnectionString, unique with { Uploads = uploads.Name }, faults);
            _providers.Add(provider);
            var pipeline = provider.GetRequiredService<UploadLifecycle>();
            routes[UploadName(step)] = pipeline;
            var report = HostileCorpus.CountyAs($"崩溃测试{++number}县人民政府");
            var eTag = (await uploads.UploadBlobAsync(UploadName(step), new BinaryData(WorkbookFactory.From(report).ToBytes()))).Value.ETag.ToString();
            ByStep[step] = (pipeline, faults, eTag, provider.GetRequiredService<SitePublisher>());
        }
        _host = await LocalTriggerHost.StartAsync(_azurite.ConnectionString, new RoutingProcessor(routes, Attempts),
            new LocalTriggerHostOptions { HostId = "fp-robust-crash", UploadsContainer = uploads.Name, MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        foreach (var provider in _providers) await provider.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>Hands each upload to its own pipeline, counting the trigger's attempts.</summary>
    private sealed class RoutingProcessor(IReadOnlyDictionary<string, UploadLifecycle> routes, ConcurrentDictionary<string, int> attempts) : IUploadProcessor
    {
        public Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
        {
            attempts.AddOrUpdate(uploadName, 1, (_, n) => n + 1);
            return routes[uploadName].ProcessAsync(uploadName, upload, cancellationToken);
        }

        public Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken) =>
            routes[uploadName].RecordFailedAsync(uploadName, eTag, cancellationToken);
    }
}

/// <summary>A crash before any one publishing step, then the trigger's retry: the report is on the site once, whole.</summary>
[Collection(RobustnessFaultsCollection.Name)]
public sealed class CrashBetweenStepsTests(CrashBetweenStepsHost host) : IClassFixture<CrashBetweenStepsHost>
{
    public static TheoryData<string> Steps()
    {
        var data = new TheoryData<string>();
        foreach (var step in PublishSteps.InOrder) data.Add(step);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_crash_before_a_publishing_step_is_retried_by_the_trigger_and_lists_the_report_exactly_once(string step)
    {
        var (pipeline, faults, eTag, publisher) = host.ByStep[step];
        var name = CrashBetweenStepsHost.UploadName(step);
        UploadStatus? status = null;
        var final = await Polling.UntilAsync(async () => (status = await pipeline.GetStatusAsync(name)) is { } s && s.ETag == eTag, CrashBetweenStepsHost.Deadline);

        Assert.True(final, $"no status for {name} with the upload's ETag {eTag} within {CrashBetweenStepsHost.Deadline}; last: {status?.ETag ?? "none"} {status?.Outcome}");
        Assert.NotNull(status);
        Assert.Equal(eTag, status.ETag);
        Assert.Equal(1, faults.Crashes);              // the crash happened …
        Assert.Equal(2, host.Attempts[name]);          // … and the trigger retried once
        // A crash after the body's manifest listed the version (before any listing page) leaves the retry nothing new to
        // publish: it only repairs the listings and reports the version as already published.
        UploadOutcome[] allowed = PublishSteps.IsAfterListing(step)
            ? [UploadOutcome.Published, UploadOutcome.Unchanged]
            : [UploadOutcome.Published];
        Assert.Contains(status.Outcome, allowed);
        Assert.Equal(1, status.Version);

        var web = publisher.Container;
        Assert.Empty(await SiteIntegrity.ProblemsAsync(web));
        var manifest = await publisher.GetManifestAsync();
        Assert.NotNull(Assert.Single(manifest.Publications).Ofd);   // the pipeline publishes the OFD; SiteIntegrity checked its hash
        var blobs = (await web.SnapshotAsync(missingAsEmpty: true)).Keys.ToList();
        Assert.Single(blobs, b => b.EndsWith("/" + NoticePage.FileName, StringComparison.Ordinal));
        Assert.Single(blobs, b => b.EndsWith("/" + SitePublisher.PdfFile, StringComparison.Ordinal));
        Assert.Single(blobs, b => b.EndsWith("/" + SitePublisher.OfdFile, StringComparison.Ordinal));
        var feed = (await web.GetBlobClient(AtomFeed.FileName).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(1, Publishing.PublishingTestKit.Count(feed, "<entry>"));
    }
}

/// <summary>Fault and load tests: each class brings its own Azurite and host; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RobustnessFaultsCollection
{
    public const string Name = "RobustnessFaults";
}
