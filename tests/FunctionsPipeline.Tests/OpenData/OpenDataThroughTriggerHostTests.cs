using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.EndToEnd;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.OpenData;

/// <summary>The local trigger host (<c>fp serve</c>, <c>fp demo</c>) rebuilds the years' open data periodically, as the Functions app's timer does.</summary>
[Collection(TriggerHostCollection.Name)]
public sealed class OpenDataThroughTriggerHostTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task The_local_host_rebuilds_the_years_files_after_a_publication_and_after_a_withdrawal()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Publisher.PublishAsync(SampleReports.Seed);
        // The publication wrote the body's file and, the year's first, empty combined files: nothing combined yet.
        Assert.Empty(await kit.Web.EntriesAsync(2024));

        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, kit.Pipeline, new LocalTriggerHostOptions
        {
            HostId = $"fp-opendata-{Guid.NewGuid():N}"[..20],
            UploadsContainer = kit.Options.UploadsContainer,
            OpenData = kit.Publisher,
            OpenDataInterval = TimeSpan.FromSeconds(1),
        });

        Assert.True(await Polling.UntilAsync(async () => (await kit.Web.EntriesAsync(2024)).Count == 1, TimeSpan.FromSeconds(60)), "no round combined the publication");
        Assert.Equal(SampleReports.Seed, Assert.Single(await kit.Web.EntriesAsync(2024)).Report);
        await kit.Publisher.WithdrawAsync(new WithdrawalOrder(SampleReports.Seed.Body, 2024, "报告中个人信息未作脱敏处理", null), "req-1", "w1.json");
        Assert.True(await Polling.UntilAsync(async () => (await kit.Web.EntriesAsync(2024)).Count == 0, TimeSpan.FromSeconds(60)), "no round dropped the withdrawn report");
    }
}
