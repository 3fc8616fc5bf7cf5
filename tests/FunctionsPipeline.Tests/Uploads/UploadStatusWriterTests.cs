using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>
/// The upload lifecycle is the one writer of upload status records, and an older outcome never overwrites a newer one:
/// for one upload version the transitions decide; between versions, the version the uploads container holds wins.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadStatusWriterTests(AzuriteFixture fixture)
{
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task A_late_unchanged_or_failed_outcome_of_a_published_version_leaves_published_on_record()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var published = await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        Assert.Equal(UploadOutcome.Published, published.Outcome);

        // As a redelivery that finished after the delivery that published (the outage probe of a storage outage).
        var unchanged = await kit.Pipeline.RecordDecisionAsync(published with
        {
            Outcome = UploadOutcome.Unchanged, Message = "与已发布的第 1 版内容相同，未重复发布。", ProcessedAt = published.ProcessedAt.AddSeconds(5),
        }, CancellationToken.None);
        var failed = await kit.Pipeline.RecordDecisionAsync(published with
        {
            Outcome = UploadOutcome.Failed, Message = "多次处理均因存储服务暂时不可用而失败。", ProcessedAt = published.ProcessedAt.AddSeconds(9),
        }, CancellationToken.None);

        Assert.Equal(UploadOutcome.Published, unchanged.Outcome);
        Assert.Equal(UploadOutcome.Published, failed.Outcome);
        var record = (await kit.StatusAsync("xiji-2024.xlsx"))!;
        Assert.Equal((UploadOutcome.Published, published.Message, published.ProcessedAt), (record.Outcome, record.Message, record.ProcessedAt));
    }

    [Fact]
    public async Task A_version_that_failed_may_still_finish()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var blob = kit.Uploads.GetBlobClient("xiji-2024.xlsx");
        var eTag = (await blob.UploadAsync(new BinaryData(Seed))).Value.ETag.ToString();
        var failed = await kit.Pipeline.RecordFailedAsync("xiji-2024.xlsx", eTag, CancellationToken.None);
        Assert.Equal(UploadOutcome.Failed, failed.Outcome);

        var finished = await kit.Pipeline.ProcessAsync("xiji-2024.xlsx", blob, CancellationToken.None);

        Assert.Equal(UploadOutcome.Published, finished.Outcome);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
    }

    [Fact]
    public async Task An_older_versions_outcome_never_overwrites_the_record_of_the_version_the_container_holds()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var first = await kit.DropAndProcessAsync("xiji-2024.xlsx", Seed);
        var second = await kit.DropAndProcessAsync("xiji-2024.xlsx", WorkbookFactory.From(SampleReports.Seed).Set(
            Core.Model.ReportFields.Overview, "2024年，西集镇人民政府依法做好政府信息公开工作（第二次上传）。").ToBytes());
        Assert.NotEqual(first.ETag, second.ETag);

        // The first version's outcome arriving late (a slow delivery of the older blob version).
        var late = await kit.Pipeline.RecordDecisionAsync(first with { ProcessedAt = second.ProcessedAt.AddMinutes(1) }, CancellationToken.None);

        Assert.Equal(second.ETag, late.ETag);
        Assert.Equal(second.ETag, (await kit.StatusAsync("xiji-2024.xlsx"))!.ETag);
    }

    [Fact]
    public async Task Bytes_without_a_blob_are_recorded_each_time()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var published = await kit.Pipeline.ProcessAsync("本地.xlsx", new MemoryStream(Seed), CancellationToken.None);
        var again = await kit.Pipeline.ProcessAsync("本地.xlsx", new MemoryStream(Seed), CancellationToken.None);

        Assert.Equal(UploadOutcome.Published, published.Outcome);
        Assert.Equal(UploadOutcome.Unchanged, again.Outcome);
        Assert.Equal(UploadOutcome.Unchanged, (await kit.StatusAsync("本地.xlsx"))!.Outcome);
    }

    [Fact]
    public async Task A_conditional_record_write_on_a_stale_etag_writes_nothing()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var results = kit.Services.GetRequiredService<ResultRecords>();
        Assert.True(await results.TryWriteJsonAsync("r.json", "{\"n\":1}", ifMatch: null, CancellationToken.None));
        var (_, first) = (await results.ReadWithETagAsync("r.json"))!.Value;
        Assert.False(await results.TryWriteJsonAsync("r.json", "{\"n\":0}", ifMatch: null, CancellationToken.None));   // exists already
        Assert.True(await results.TryWriteJsonAsync("r.json", "{\"n\":2}", first, CancellationToken.None));

        Assert.False(await results.TryWriteJsonAsync("r.json", "{\"n\":3}", first, CancellationToken.None));   // stale

        Assert.Equal("{\"n\":2}", await results.ReadJsonAsync("r.json"));
    }
}
