using System.Text.Json;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>
/// <see cref="UploadLifecycle.RecordUnaddressableUploadsAsync"/> on real Azurite: uploads whose names have dot segments
/// (which the blob trigger never hands over) get a <c>rejected</c> record; nothing else is touched.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnaddressableUploadSweepTests(AzuriteFixture fixture)
{
    // Backslashes reach storage unresolved and are stored as '/', as when a clerk's tool keeps a Windows path.
    private const string ParentUpload = "..\\..\\$web\\index.xlsx";
    private const string ParentBlob = "../../$web/index.xlsx";
    private const string CurrentUpload = "报告\\.\\西集镇.xlsx";
    private const string CurrentBlob = "报告/./西集镇.xlsx";

    private static byte[] Workbook() => WorkbookFactory.From(SampleReports.County).ToBytes();

    [Fact]
    public async Task Records_rejected_with_a_stable_code_for_uploads_whose_names_have_dot_segments_and_keeps_them()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        var parent = (await kit.Uploads.GetBlobClient(ParentUpload).UploadAsync(new BinaryData(Workbook()))).Value.ETag.ToString();
        var current = (await kit.Uploads.GetBlobClient(CurrentUpload).UploadAsync(new BinaryData(Workbook()))).Value.ETag.ToString();
        var listed = await kit.Uploads.NamesAsync();
        Assert.Equal([ParentBlob, CurrentBlob], listed.Order(StringComparer.Ordinal));

        var recorded = await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None);

        Assert.Equal(2, recorded);
        foreach (var (name, eTag) in new[] { (ParentBlob, parent), (CurrentBlob, current) })
        {
            var status = await kit.StatusAsync(name);
            Assert.NotNull(status);
            Assert.Equal((UploadOutcome.Rejected, name, eTag, 1), (status.Outcome, status.Upload, status.ETag, status.Errors));
            Assert.Contains($"文件名“{name}”含有“..”或“.”路径段", status.Message, StringComparison.Ordinal);
            Assert.Contains("网站未作任何更改", status.Message, StringComparison.Ordinal);
            var findings = JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson(name))).RootElement;
            Assert.Equal(PipelineCodes.UploadNameInvalid, findings.GetProperty("errors")[0].GetProperty("code").GetString());
        }
        // The uploads are kept as they were, and the site is untouched.
        Assert.Equal(parent, (await kit.Uploads.GetBlobClient(ParentUpload).GetPropertiesAsync()).Value.ETag.ToString());
        Assert.Equal(current, (await kit.Uploads.GetBlobClient(CurrentUpload).GetPropertiesAsync()).Value.ETag.ToString());
        Assert.Empty(await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task A_second_sweep_writes_nothing_new()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        await kit.Uploads.GetBlobClient(ParentUpload).UploadAsync(new BinaryData(Workbook()));
        Assert.Equal(1, await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None));
        var results = await kit.Results.SnapshotAsync();

        var again = await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None);

        Assert.Equal(0, again);
        Assert.Equal(results, await kit.Results.SnapshotAsync());
    }

    [Fact]
    public async Task A_new_version_under_the_same_dotted_name_is_recorded_again()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        await kit.Uploads.GetBlobClient(ParentUpload).UploadAsync(new BinaryData(Workbook()));
        Assert.Equal(1, await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None));
        var second = (await kit.Uploads.GetBlobClient(ParentUpload).UploadAsync(new BinaryData(Workbook()), overwrite: true)).Value.ETag.ToString();

        Assert.Equal(1, await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None));

        Assert.Equal(second, (await kit.StatusAsync(ParentBlob))!.ETag);
    }

    [Fact]
    public async Task Ignores_uploads_with_ordinary_names_even_without_a_status()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Uploads.CreateIfNotExistsAsync();
        foreach (var name in new[] { "西集镇 2024.xlsx", "报告..xlsx", "...xlsx", "年报/2024/西集镇.xlsx", "报告%20#1?.xlsx" })
        {
            await kit.Uploads.GetBlobClient(name).UploadAsync(new BinaryData(Workbook()));
        }

        var recorded = await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None);

        Assert.Equal(0, recorded);
        Assert.False(await kit.Results.ExistsAsync());
    }

    [Fact]
    public async Task Records_nothing_when_the_uploads_container_does_not_exist()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        Assert.Equal(0, await kit.Pipeline.RecordUnaddressableUploadsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("../../$web/index.xlsx", true)]
    [InlineData("./a.xlsx", true)]
    [InlineData("a/./b.xlsx", true)]
    [InlineData("a/..", true)]
    [InlineData("..", true)]
    [InlineData("a.xlsx", false)]
    [InlineData("a..b.xlsx", false)]
    [InlineData("...xlsx", false)]
    [InlineData("年报/2024/西集镇.xlsx", false)]
    [InlineData("报告%20#1?.xlsx", false)]
    public async Task Tells_a_name_a_blob_url_cannot_carry_from_one_it_can(string name, bool unaddressable)
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        Assert.Equal(unaddressable, kit.Pipeline.Containers.IsUnaddressable(name));
    }
}
