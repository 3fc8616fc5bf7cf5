using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.EndToEnd;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Tests.Review;

/// <summary>The review loop through the local host's real blob triggers (uploads and approvals), and through <c>fp</c> as its own process.</summary>
[Collection(TriggerHostCollection.Name)]
public sealed class ApprovalTriggerTests(AzuriteFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Upload_then_approval_blob_through_the_local_host_publishes_the_preview()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        var kit = review.Kit;
        var options = new LocalTriggerHostOptions
        {
            HostId = $"fp-review-{Guid.NewGuid():N}"[..20],
            UploadsContainer = kit.Options.UploadsContainer,
            ApprovalsContainer = kit.Options.ApprovalsContainer,
        };
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, kit.Pipeline, review.Approvals, options,
            FileLoggerProvider.FromEnvironment());

        await kit.Uploads.GetBlobClient("xiji-2024.xlsx").UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()), overwrite: true);
        Assert.True(await Polling.UntilAsync(async () => (await kit.StatusAsync("xiji-2024.xlsx"))?.Outcome == UploadOutcome.AwaitingApproval, Deadline),
            "no preview");
        var preview = await review.PreviewAsync("xiji-2024.xlsx");
        await review.Containers.Approvals.GetBlobClient("xiji-2024.xlsx.json")
            .UploadAsync(BinaryData.FromString(new Approval(Approval.Approved, "李审核", null, preview.Version).ToJson()), overwrite: true);

        Assert.True(await Polling.UntilAsync(async () => (await review.Approvals.GetStatusAsync("xiji-2024.xlsx.json")) is not null, Deadline),
            "the approvals trigger never processed the approval");
        var outcome = (await review.Approvals.GetStatusAsync("xiji-2024.xlsx.json"))!;
        Assert.Equal(ApprovalOutcome.Published, outcome.Outcome);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("xiji-2024.xlsx"))!.Outcome);
        var entry = Assert.Single((await kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(preview.File("pdf")!.Sha256, ReviewKit.Hash(await review.SiteBytesAsync(entry.Pdf)));
    }

    [Fact]
    public async Task Fp_publish_review_then_fp_reject_and_fp_approve_against_storage_nobody_serves()
    {
        var folder = Directory.CreateTempSubdirectory("fp-review-cli-").FullName;
        var name = $"cli-{Guid.NewGuid():N}"[..12] + ".xlsx";
        await File.WriteAllBytesAsync(Path.Combine(folder, name), WorkbookFactory.From(SampleReports.County).ToBytes());
        string[] storage = ["--storage", fixture.ConnectionString];

        var (published, printed) = await FpProcess.RunAsync(folder, ["publish", name, "--review", .. storage]);
        Assert.True(published == 0, printed);
        Assert.Contains("awaiting-approval", printed, StringComparison.Ordinal);
        Assert.Contains($"previews/{name}/index.html", printed, StringComparison.Ordinal);

        var (noReason, usage) = await FpProcess.RunAsync(folder, ["reject", name, .. storage]);
        Assert.Equal(2, noReason);
        Assert.Contains("--reason", usage, StringComparison.Ordinal);

        var (unknown, unknownPrinted) = await FpProcess.RunAsync(folder, ["approve", "nobody-" + name, "--wait", "0", .. storage]);
        Assert.Equal(1, unknown);
        Assert.Contains(ReviewCodes.NoPreview, unknownPrinted, StringComparison.Ordinal);

        var (rejected, rejectedPrinted) = await FpProcess.RunAsync(folder, ["reject", name, "--reason", "联系电话有误", "--by", "王审核", "--wait", "0", .. storage]);
        Assert.True(rejected == 0, rejectedPrinted);
        Assert.Contains("rejected REVIEW_REJECTED", rejectedPrinted, StringComparison.Ordinal);
        Assert.Contains("联系电话有误", rejectedPrinted, StringComparison.Ordinal);

        var (again, againPrinted) = await FpProcess.RunAsync(folder, ["approve", name, "--wait", "0", .. storage]);
        Assert.Equal(1, again);
        Assert.Contains(ReviewCodes.AlreadyDecided, againPrinted, StringComparison.Ordinal);

        // A new preview of the same file (fp publish again) can then be approved.
        await File.WriteAllBytesAsync(Path.Combine(folder, name),
            WorkbookFactory.From(SampleReports.County).Set(Core.Model.ReportFields.Phone, "0871-1234567").ToBytes());
        Assert.Equal(0, (await FpProcess.RunAsync(folder, ["publish", name, "--review", .. storage])).ExitCode);
        var (approved, approvedPrinted) = await FpProcess.RunAsync(folder, ["approve", name, "--by", "王审核", "--wait", "0", .. storage]);
        Assert.True(approved == 0, approvedPrinted);
        Assert.Contains(".json: published", approvedPrinted, StringComparison.Ordinal);
        Assert.Contains("report.pdf", approvedPrinted, StringComparison.Ordinal);
    }
}
