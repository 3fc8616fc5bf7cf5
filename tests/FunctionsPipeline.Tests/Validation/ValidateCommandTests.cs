using System.Text.Json;
using FunctionsPipeline.Cli;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Validation;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fp-validate-").FullName;

    // 20 January 2025 in Beijing: on time for 2024 reports.
    private static readonly DateTimeOffset OnTime = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // The whole command line (System.CommandLine) as `fp validate ARGS` parses it; validate itself is synchronous.
        var exit = Fp.InvokeAsync(["validate", .. args], new CliContext(stdout, stderr, new FixedClock(OnTime))).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Exits_0_for_the_seed_sample_workbook()
    {
        var (exit, output, _) = Run(SampleFiles.PathOf("xiji-2024.xlsx"));
        Assert.Equal(0, exit);
        Assert.Contains("结果：通过", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_1_and_prints_every_error_with_code_and_cell_for_an_invalid_workbook()
    {
        var path = Write("bad.xlsx", WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Commercial), "十二")
            .Set(ReportFields.Body, null)
            .ToBytes());
        var (exit, output, _) = Run(path);
        Assert.Equal(1, exit);
        Assert.Contains("结果：未通过（2 处错误）", output, StringComparison.Ordinal);
        Assert.Contains("[COUNT_CHINESE_NUMERAL] 三!E7（（一）予以公开 / 商业企业）", output, StringComparison.Ordinal);
        Assert.Contains("[REQUIRED_BLANK] 基本信息!", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Prints_one_json_object_with_the_documented_shape()
    {
        var path = Write("bad.xlsx", WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), 0.0000001).ToBytes());
        var (exit, output, _) = Run(path, "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("bad.xlsx", doc.RootElement.GetProperty("file").GetString());
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("FEE_TOO_MANY_DECIMALS", error.GetProperty("code").GetString());
        Assert.Equal("二", error.GetProperty("sheet").GetString());
    }

    [Fact]
    public void Json_returns_the_prose_codes_with_the_prose_cell_the_quote_and_the_table_cells()
    {
        var overview = SampleReports.County.Overview.ToText().Replace("办结125件", "办结120件", StringComparison.Ordinal)
            .Replace("2024年，云岭县", "2023年，云岭县", StringComparison.Ordinal);
        var path = Write("prose.xlsx", WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.Overview, overview)
            .Set(ReportFields.Problems, "暂无。")
            .Set(ReportFields.Other, "本年度未发出收费通知。").ToBytes());
        var (exit, output, _) = Run(path, "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var errors = doc.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([FindingCodes.ProseFigureMismatch, FindingCodes.ProblemsNotDescribed, FindingCodes.FeeNoticeContradicted],
            errors.Select(e => e.GetProperty("code").GetString()));
        var figure = errors[0];
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.Overview),
            new CellLocation(figure.GetProperty("sheet").GetString()!, figure.GetProperty("cell").GetString()!));
        Assert.Equal(("125", "120"), (figure.GetProperty("expected").GetString(), figure.GetProperty("actual").GetString()));
        var prose = figure.GetProperty("prose");
        Assert.Equal("一、总体情况", prose.GetProperty("section").GetString());
        Assert.Equal("120", prose.GetProperty("mark").GetString());
        Assert.Contains("办结120件", prose.GetProperty("quote").GetString(), StringComparison.Ordinal);
        var resultsTotal = WorkbookFactory.LocationOf(ReportFields.TableB(TableBRow.ResultsTotal, ApplicantColumn.Total)).ToString();
        Assert.Equal([resultsTotal], prose.GetProperty("tableCells").EnumerateArray().Select(c => c.GetString()));
        // The overview now opens with 2023: a warning, with its cell and the year marked.
        var warning = Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal(FindingCodes.OverviewYearMismatch, warning.GetProperty("code").GetString());
        Assert.Equal(WorkbookFactory.LocationOf(ReportFields.Overview).Address, warning.GetProperty("cell").GetString());
        Assert.Equal("2023", warning.GetProperty("prose").GetProperty("mark").GetString());
    }

    [Fact]
    public void Readable_output_groups_prose_findings_under_their_section_with_the_figure_marked()
    {
        var overview = SampleReports.County.Overview.ToText().Replace("办结125件", "办结120件", StringComparison.Ordinal);
        var path = Write("prose.xlsx", WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.Overview, overview)
            .Set(ReportFields.Problems, "暂无。")
            .Set(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn), "3562").ToBytes());
        var (_, output, _) = Run(path);
        var lines = output.Split('\n');
        int Line(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(Line("[COUNT_TEXT_NUMBER]") < Line("—— 一、总体情况 ——"));
        Assert.True(Line("—— 一、总体情况 ——") < Line("[PROSE_FIGURE_MISMATCH]"));
        Assert.True(Line("[PROSE_FIGURE_MISMATCH]") < Line("—— 五、存在的主要问题及改进情况 ——"));
        Assert.True(Line("—— 五、存在的主要问题及改进情况 ——") < Line("[PROBLEMS_NOT_DESCRIBED]"));
        Assert.Contains("办结【120】件", lines[Line("[PROSE_FIGURE_MISMATCH]")], StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_for_a_file_that_is_not_a_workbook_and_says_why_in_json()
    {
        var path = Write("report.xlsx", "not a workbook at all"u8.ToArray());
        var (exit, output, _) = Run(path, "--json");
        Assert.Equal(2, exit);
        using var doc = JsonDocument.Parse(output);
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("FILE_", error.GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_for_a_missing_file()
    {
        var (exit, output, _) = Run(Path.Combine(_dir, "nope.xlsx"));
        Assert.Equal(2, exit);
        Assert.Contains("FILE_NOT_FOUND", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exits_2_with_usage_when_no_file_is_given()
    {
        var (exit, _, err) = Run("--json");
        Assert.Equal(2, exit);
        Assert.Contains("Try 'fp validate --help' for usage.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_the_html_report_when_asked()
    {
        var path = Write("bad.xlsx", WorkbookFactory.From(SampleReports.Seed)
            .Set(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Upheld), "/").ToBytes());
        var html = Path.Combine(_dir, "findings.html");
        var (exit, _, _) = Run(path, "--html", html);
        Assert.Equal(1, exit);
        var page = File.ReadAllText(html);
        Assert.Contains("COUNT_PLACEHOLDER", page, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", page, StringComparison.Ordinal);
    }
}
