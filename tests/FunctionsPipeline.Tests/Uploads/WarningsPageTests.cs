using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Review;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Uploads;

/// <summary>
/// An upload that passes with warnings (here: published late) has its warnings written where the clerk reads them, whatever
/// the outcome: the page and JSON in <c>results</c>, linked from the status record and the CLI, and printed by <c>fp publish</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WarningsPageTests(AzuriteFixture fixture)
{
    // 3 December 2026: the 2024 seed report is late (PUBLISHED_LATE); 15 January 2025: it is on time.
    private static readonly DateTimeOffset Late = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OnTime = new(2025, 1, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    private PipelineTestKit Kit(DateTimeOffset now, IDictionary<string, string?>? settings = null) =>
        PipelineTestKit.Create(fixture.ConnectionString, settings, services => services.AddSingleton<TimeProvider>(new FixedClock(now)));

    [Fact]
    public async Task Published_and_then_unchanged_with_warnings_each_link_a_page_that_lists_them()
    {
        await using var kit = Kit(Late);

        var published = await kit.DropAndProcessAsync("迟报.xlsx", Seed);
        var unchanged = await kit.DropAndProcessAsync("迟报-再传.xlsx", Seed);

        Assert.Equal((UploadOutcome.Published, UploadOutcome.Unchanged), (published.Outcome, unchanged.Outcome));
        foreach (var status in new[] { published, unchanged })
        {
            Assert.True(status.Warnings > 0);
            Assert.Contains(ResultNames.FindingsHtml(status.Upload), status.Message, StringComparison.Ordinal);
            var page = status.Links.Single(l => l.Kind == ResultRecords.WarningsHtml).Url;
            Assert.Equal(kit.Results.GetBlobClient(ResultNames.FindingsHtml(status.Upload)).Uri.AbsoluteUri, page);
            Assert.Contains(FindingCodes.PublishedLate, await kit.Results.TextAsync(ResultNames.FindingsHtml(status.Upload)), StringComparison.Ordinal);
            var warnings = await kit.Services.GetRequiredService<ResultRecords>().ReadWarningsAsync(status.Upload, CancellationToken.None);
            Assert.Equal(status.Warnings, warnings.Count);
            Assert.Contains(warnings, w => w.Code == FindingCodes.PublishedLate);
            Assert.Equal(status.Links, (await kit.StatusAsync(status.Upload))!.Links);
        }
    }

    [Fact]
    public async Task Without_warnings_there_is_no_page_and_no_link()
    {
        await using var kit = Kit(OnTime);

        var published = await kit.DropAndProcessAsync("按时.xlsx", Seed);

        Assert.Equal((UploadOutcome.Published, 0), (published.Outcome, published.Warnings));
        Assert.DoesNotContain(published.Links, ResultRecords.IsWarnings);
        Assert.False(await kit.Results.GetBlobClient(ResultNames.FindingsHtml("按时.xlsx")).ExistsAsync());
    }

    [Fact]
    public async Task Under_review_the_preview_and_the_approved_publication_link_the_page()
    {
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString, services => services.AddSingleton<TimeProvider>(new FixedClock(Late)));

        var awaiting = await review.Kit.DropAndProcessAsync("待审.xlsx", Seed);
        Assert.Equal(UploadOutcome.AwaitingApproval, awaiting.Outcome);
        Assert.Contains(awaiting.Links, l => l.Kind == ResultRecords.WarningsHtml);
        Assert.Contains(ResultNames.FindingsHtml("待审.xlsx"), awaiting.Message, StringComparison.Ordinal);

        var preview = await review.PreviewAsync("待审.xlsx");
        await review.DecideAsync("待审.xlsx", Core.Review.Approval.Approved, preview.Version);

        var published = (await review.Kit.StatusAsync("待审.xlsx"))!;
        Assert.Equal(UploadOutcome.Published, published.Outcome);
        Assert.Contains(published.Links, l => l.Kind == ResultRecords.WarningsHtml);
    }

    [Fact]
    public void The_page_names_a_cell_once_in_its_row()
    {
        var late = new Finding(FindingCodes.PublishedLate, Severity.Warning, "h05", "B4", "h05!B4：2024年度报告应于2025年1月31日前公开");
        var other = new Finding(FindingCodes.PublishedLate, Severity.Warning, "四", "A2", "字符不在报告所用字体中");

        var html = FindingsHtmlReport.Render("a.xlsx", new ValidationResult([], [late, other], null), Late);

        Assert.Single(Regex.Matches(html, Regex.Escape("h05!B4")));
        Assert.Contains("2024年度报告应于2025年1月31日前公开", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, Regex.Escape("四!A2")));
    }

    [Fact]
    public async Task Fp_publish_prints_the_warnings_themselves()
    {
        var folder = Directory.CreateTempSubdirectory("fp-warnings-").FullName;
        var name = $"warn-{Guid.NewGuid():N}"[..13] + ".xlsx";
        // The 2024 seed is late on any day this test runs (after 31 January 2025).
        await File.WriteAllBytesAsync(Path.Combine(folder, name), Seed);

        var (exit, printed) = await FpProcess.RunAsync(folder, ["publish", name, "--review", "--storage", fixture.ConnectionString]);

        Assert.True(exit == 0, printed);
        Assert.Contains($"[{FindingCodes.PublishedLate}]", printed, StringComparison.Ordinal);
        Assert.Contains(ResultRecords.WarningsHtml, printed, StringComparison.Ordinal);
    }
}
