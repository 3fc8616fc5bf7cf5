using FunctionsPipeline.Core.Hosting;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary><see cref="UploadLifecycle"/> called directly (no trigger host), on real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadLifecycleTests(AzuriteFixture fixture)
{
    /// <summary>Holds every publication at its first write until <paramref name="count"/> of them got there: they race from there on.</summary>
    private sealed class StartTogether(int count) : IPublishFaults
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task BeforeStepAsync(string step, CancellationToken cancellationToken)
        {
            if (step != PublishSteps.ReportData) return Task.CompletedTask;
            if (Interlocked.Increment(ref _arrived) == count) _all.TrySetResult();
            return _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    [Fact]
    public async Task Two_uploads_of_the_same_data_at_the_same_moment_end_one_published_and_one_unchanged()
    {
        // fp demo drops xiji-2024.xlsx and xiji-2024-libreoffice.xlsx (the same data): only one version 1 exists.
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString, configure: s => s.AddSingleton<IPublishFaults>(new StartTogether(2)));
        var bytes = WorkbookFactory.From(SampleReports.Seed).ToBytes();

        var statuses = await Task.WhenAll(
            Task.Run(() => kit.DropAndProcessAsync("xiji-2024.xlsx", bytes)),
            Task.Run(() => kit.DropAndProcessAsync("xiji-2024-libreoffice.xlsx", bytes)));

        Assert.All(statuses, s => Assert.Equal(1, s.Version));
        Assert.Single(statuses, s => s.Outcome == UploadOutcome.Published);
        var joined = Assert.Single(statuses, s => s.Outcome == UploadOutcome.Unchanged);
        Assert.Contains("同一次发布（第 1 版）", joined.Message, StringComparison.Ordinal);
        var manifest = await kit.Services.GetRequiredService<SitePublisher>().GetManifestAsync();
        Assert.Single(manifest.Publications);
    }

    [Fact]
    public async Task The_same_upload_again_is_unchanged_and_a_failed_record_never_overwrites_a_final_one()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var first = await kit.DropAndProcessAsync("西集镇.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());

        var failed = await kit.Pipeline.RecordFailedAsync("西集镇.xlsx", first.ETag, CancellationToken.None);
        var again = await kit.DropAndProcessAsync("西集镇-副本.xlsx", WorkbookFactory.From(SampleReports.Seed).ToBytes());

        Assert.Equal(UploadOutcome.Published, first.Outcome);
        Assert.Equal((first.Outcome, first.ProcessedAt), (failed.Outcome, failed.ProcessedAt));
        Assert.Equal((UploadOutcome.Unchanged, 1), (again.Outcome, again.Version));
    }

    [Fact]
    public async Task A_year_written_with_a_suffix_is_rejected_by_the_one_year_rule()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var bytes = WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, "2024年").ToBytes();

        var status = await kit.DropAndProcessAsync("年份.xlsx", bytes);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        var findings = JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson("年份.xlsx"))).RootElement;
        Assert.Equal(FindingCodes.YearFormat, findings.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public void The_identity_used_to_find_the_previous_report_follows_the_validators_year_rule()
    {
        var context = new ValidationContext(PublishingTestKit.At);

        Assert.Equal((SampleReports.Seed.Body, 2024), ReportIdentity.Read(WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, 2024).Parse(), context));
        Assert.Equal((SampleReports.Seed.Body, 2024), ReportIdentity.Read(WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, "2024").Parse(), context));
        Assert.Null(ReportIdentity.Read(WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, "2024年").Parse(), context));
    }

    [Fact]
    public async Task Prepares_the_three_containers_with_the_site_public_and_the_rest_private()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        await kit.Services.PrepareStorageAsync();

        Assert.Contains((await kit.Uploads.GetPropertiesAsync()).Value.PublicAccess, new PublicAccessType?[] { null, PublicAccessType.None });
        Assert.Contains((await kit.Results.GetPropertiesAsync()).Value.PublicAccess, new PublicAccessType?[] { null, PublicAccessType.None });
        Assert.Equal(PublicAccessType.Blob, (await kit.Web.GetPropertiesAsync()).Value.PublicAccess);
    }
}
