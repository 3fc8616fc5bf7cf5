using System.Text.Json;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>Record names in <c>results</c>, on real Azurite: one kind never overwrites another; records under the older names are still read.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResultNamesStorageTests(AzuriteFixture fixture)
{
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task An_upload_named_like_another_uploads_findings_leaves_those_findings_alone()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var rejected = await kit.DropAndProcessAsync("a.xlsx", WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Year, "2024年").ToBytes());
        Assert.Equal(UploadOutcome.Rejected, rejected.Outcome);
        var findings = await kit.Results.TextAsync(ResultNames.FindingsJson("a.xlsx"));

        // Refused (not a workbook's extension), so it has a status record and findings of its own.
        var other = await kit.DropAndProcessAsync("a.xlsx.findings", Seed);

        Assert.Equal(UploadOutcome.Rejected, other.Outcome);
        Assert.Equal(findings, await kit.Results.TextAsync(ResultNames.FindingsJson("a.xlsx")));
        Assert.Equal("a.xlsx", JsonDocument.Parse(findings).RootElement.GetProperty("file").GetString());
        Assert.Equal(UploadOutcome.Rejected, (await kit.StatusAsync("a.xlsx"))!.Outcome);
        Assert.Equal("a.xlsx.findings", (await kit.StatusAsync("a.xlsx.findings"))!.Upload);
        Assert.Equal(3, (await kit.Results.SnapshotAsync()).Keys.Count(k => k.Contains("a.xlsx.findings", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_status_record_under_the_older_name_is_read_and_the_next_outcome_is_written_under_the_new_one()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Results.CreateIfNotExistsAsync();
        var old = new UploadStatus
        {
            Upload = "旧.xlsx", Outcome = UploadOutcome.Failed, Message = "处理文件“旧.xlsx”时发生内部错误。", ETag = "\"0x8D0\"",
            ProcessedAt = DateTimeOffset.UtcNow.AddDays(-30),
        };
        await kit.Results.GetBlobClient("旧.xlsx.json").UploadAsync(new BinaryData(old.ToJson()));

        Assert.Equal((UploadOutcome.Failed, old.Message), ((await kit.StatusAsync("旧.xlsx"))!.Outcome, (await kit.StatusAsync("旧.xlsx"))!.Message));

        var published = await kit.DropAndProcessAsync("旧.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, published.Outcome);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("旧.xlsx"))!.Outcome);
        Assert.Contains("\"outcome\": \"published\"", await kit.Results.TextAsync(ResultNames.Status("旧.xlsx")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_uploads_findings_under_the_older_names_are_not_taken_for_a_status_record()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        await kit.Results.CreateIfNotExistsAsync();
        // The older layout: a.xlsx's findings at a.xlsx.findings.json, where an upload named a.xlsx.findings had its status.
        await kit.Results.GetBlobClient("a.xlsx.findings.json").UploadAsync(new BinaryData("""{"file":"a.xlsx","valid":false,"errors":[],"warnings":[]}"""));
        var legacyStatus = new UploadStatus { Upload = "b.xlsx", Outcome = UploadOutcome.Published, Message = "已发布。" };
        await kit.Results.GetBlobClient("c.xlsx.json").UploadAsync(new BinaryData(legacyStatus.ToJson()));

        Assert.Null(await kit.StatusAsync("a.xlsx.findings"));
        Assert.Null(await kit.StatusAsync("c.xlsx"));   // a record of another upload under that name is not c.xlsx's
    }
}
