using System.Text.RegularExpressions;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>Every host names a finding's location once, and every page a clerk reads is in China Standard Time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FindingLocationTests(AzuriteFixture fixture)
{
    // 3 December 2026: a 2024 report is late.
    private static readonly DateTimeOffset Late = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_message_that_starts_with_its_location_is_not_given_it_again()
    {
        var named = new Finding("PUBLISHED_LATE", Severity.Warning, "h05", "B4", "h05!B4：2025年度报告应于2026年1月31日前公开");
        var unnamed = new Finding("GLYPH_MISSING", Severity.Error, "四", "A2", "字符“😀”（U+1F600）不在报告所用字体中");
        var whole = new Finding("FILE_EMPTY", Severity.Error, "", "", "a.xlsx：文件是空的");

        Assert.Equal("h05!B4：2025年度报告应于2026年1月31日前公开", named.Text);
        Assert.Equal("四!A2：字符“😀”（U+1F600）不在报告所用字体中", unnamed.Text);
        Assert.Equal("a.xlsx：文件是空的", whole.Text);
    }

    [Fact]
    public void Fp_validate_prints_a_late_reports_location_once_and_writes_its_page_in_China_Standard_Time()
    {
        var dir = Directory.CreateTempSubdirectory("fp-location-").FullName;
        try
        {
            var html = Path.Combine(dir, "out.html");
            using var stdout = new StringWriter();
            ValidateCommand.Run(SampleFiles.PathOf("xiji-2024.xlsx"), json: false, html, stdout, new FixedClock(Late));

            var line = stdout.ToString().Split('\n').Single(l => l.Contains("[PUBLISHED_LATE]", StringComparison.Ordinal));
            var location = WorkbookFactory.LocationOf(ReportFields.Year).ToString();
            Assert.Single(Regex.Matches(line, Regex.Escape(location)));
            Assert.Contains("2026年12月3日 10:00:00（UTC&#x2B;08:00）", File.ReadAllText(html), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_rejected_uploads_status_names_the_first_cell_once_and_its_findings_page_is_in_China_Standard_Time()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);
        var at = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Commercial);
        var bytes = WorkbookFactory.From(SampleReports.County).Set(at, "十二").ToBytes();

        var status = await kit.DropAndProcessAsync("十二.xlsx", bytes);

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Single(Regex.Matches(status.Message, Regex.Escape(WorkbookFactory.LocationOf(at).ToString())));
        Assert.Contains("（UTC&#x2B;08:00）", await kit.Results.TextAsync(ResultNames.FindingsHtml("十二.xlsx")), StringComparison.Ordinal);
    }
}
