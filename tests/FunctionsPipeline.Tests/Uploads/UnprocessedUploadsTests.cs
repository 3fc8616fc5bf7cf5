using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Tests.Pipeline;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>
/// <see cref="Core.Uploads.UploadLifecycle.FindUnprocessedUploadsAsync"/>: what the hosts' reconciling sweep hands to the
/// processor when a trigger missed an upload.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnprocessedUploadsTests(AzuriteFixture fixture)
{
    private static async Task<List<string>> FindAsync(PipelineTestKit kit, TimeSpan olderThan)
    {
        var names = new List<string>();
        await foreach (var (name, _) in kit.Pipeline.FindUnprocessedUploadsAsync(olderThan, CancellationToken.None)) names.Add(name);
        return names;
    }

    [Fact]
    public async Task An_old_enough_upload_without_a_status_is_found_until_it_is_processed()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var upload = kit.Uploads.GetBlobClient("missed.xlsx");
        await upload.UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));

        Assert.Empty(await FindAsync(kit, TimeSpan.FromHours(1)));            // too recent: the trigger may still come
        Assert.Equal(["missed.xlsx"], await FindAsync(kit, TimeSpan.Zero));

        await kit.Pipeline.ProcessAsync("missed.xlsx", upload, CancellationToken.None);

        Assert.Empty(await FindAsync(kit, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_new_version_of_a_processed_upload_is_found_again_and_dot_segment_names_never_are()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var upload = kit.Uploads.GetBlobClient("again.xlsx");
        await upload.UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));
        await kit.Pipeline.ProcessAsync("again.xlsx", upload, CancellationToken.None);
        await kit.Uploads.GetBlobClient("..\\x.xlsx").UploadAsync(new BinaryData([1, 2, 3]));

        await upload.UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.County).ToBytes()), overwrite: true);

        Assert.Equal(["again.xlsx"], await FindAsync(kit, TimeSpan.Zero));
    }
}
