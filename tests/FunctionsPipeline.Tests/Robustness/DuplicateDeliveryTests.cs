using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// Event Grid delivers blob events at least once, so the Functions app may be handed the same upload twice — one after
/// the other, or at the same moment on two instances. Either way it is processed once: one version, one notice.
/// </summary>
[Collection(RobustnessFaultsCollection.Name)]
public sealed class DuplicateDeliveryTests : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task The_same_blob_event_delivered_again_after_the_trigger_processed_it_changes_nothing()
    {
        await using var under = await PipelineUnderTrigger.StartAsync(_azurite!.ConnectionString, PipelineContainers.Unique());
        var eTag = await under.UploadAsync("重复.xlsx", WorkbookFactory.From(HostileCorpus.CountyAs("重复投递甲县人民政府")).ToBytes());
        var first = await under.WaitForStatusAsync("重复.xlsx", eTag, TimeSpan.FromMinutes(2));
        Assert.NotNull(first);
        Assert.Equal(UploadOutcome.Published, first.Outcome);
        var site = await under.Web.SnapshotAsync(missingAsEmpty: true);
        var record = (await under.Results.GetBlobClient(ResultNames.Status("重复.xlsx")).GetPropertiesAsync()).Value.ETag;

        // The event again, twice at once, to the function's processor (what ProcessUpload hands each delivery to).
        var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            under.Processor.ProcessAsync("重复.xlsx", under.Uploads.GetBlobClient("重复.xlsx"), CancellationToken.None)));

        Assert.All(again, s => Assert.Equal((first.Outcome, first.Version, first.ProcessedAt), (s.Outcome, s.Version, s.ProcessedAt)));
        Assert.Equal(site, await under.Web.SnapshotAsync(missingAsEmpty: true));
        Assert.Equal(record, (await under.Results.GetBlobClient(ResultNames.Status("重复.xlsx")).GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task Two_deliveries_of_a_new_blob_at_the_same_moment_publish_it_once()
    {
        // No trigger here: the two deliveries are the only ones, and they race from the start.
        var containers = PipelineContainers.Unique();
        await using var services = PipelineUnderTrigger.BuildPipeline(_azurite!.ConnectionString, containers);
        var pipeline = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<UploadLifecycle>(services);
        var publisher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SitePublisher>(services);
        await pipeline.Containers.Uploads.CreateIfNotExistsAsync();
        var blob = pipeline.Containers.Uploads.GetBlobClient("并发.xlsx");
        await blob.UploadAsync(new BinaryData(WorkbookFactory.From(HostileCorpus.CountyAs("重复投递乙县人民政府")).ToBytes()));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => pipeline.ProcessAsync("并发.xlsx", blob, CancellationToken.None))));

        Assert.All(statuses, s => Assert.Equal(1, s.Version));
        Assert.Contains(statuses, s => s.Outcome == UploadOutcome.Published);
        Assert.All(statuses, s => Assert.Contains(s.Outcome, new[] { UploadOutcome.Published, UploadOutcome.Unchanged }));
        var manifest = await publisher.GetManifestAsync();
        Assert.Single(manifest.Publications);
        Assert.Empty(await SiteIntegrity.ProblemsAsync(publisher.Container));
        var blobs = (await publisher.Container.SnapshotAsync(missingAsEmpty: true)).Keys;
        Assert.Single(blobs, b => b.EndsWith("/" + NoticePage.FileName, StringComparison.Ordinal));
    }
}
