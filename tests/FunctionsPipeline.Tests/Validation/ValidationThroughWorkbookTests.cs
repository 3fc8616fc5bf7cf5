using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Workbook;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>The validator fed by the real parser: template workbooks written with WorkbookFactory and the committed samples.</summary>
public sealed class ValidationThroughWorkbookTests
{
    private static ValidationResult ParseAndValidate(WorkbookFactory factory) =>
        ReportValidator.Validate(factory.Parse(), Context());

    private static string Loc(string fieldId) => WorkbookFactory.LocationOf(fieldId).ToString();

    [Theory]
    [InlineData("xiji-2024.xlsx", "seed")]
    [InlineData("county-2024.xlsx", "county")]
    [InlineData("county-2024.xls", "county")]
    public void The_committed_sample_workbooks_are_valid_and_give_back_the_sample_reports(string file, string sample)
    {
        using var stream = File.OpenRead(SampleFiles.PathOf(file));
        var result = ReportValidator.Validate(WorkbookReader.Read(stream, file), Context());
        Assert.Empty(result.Errors);
        Assert.Equal(sample == "seed" ? SampleReports.Seed : SampleReports.County, result.Report);
    }

    [Fact]
    public void The_blank_template_is_rejected_with_a_blank_error_for_every_required_cell()
    {
        var result = ParseAndValidate(WorkbookFactory.Blank());
        Assert.Null(result.Report);
        var counts = ReportFields.All.Count(f => f.Kind == FieldKind.Count);
        Assert.Equal(counts, result.Errors.Count(e => e.Code == FindingCodes.CountBlank));
        Assert.Equal(1, result.Errors.Count(e => e.Code == FindingCodes.FeeBlank));
        Assert.Equal(6, result.Errors.Count(e => e.Code == FindingCodes.RequiredBlank)); // 机关名称, 年度, 4 contact fields
        Assert.Equal(3, result.Errors.Count(e => e.Code == FindingCodes.ProseEmpty));
        Assert.DoesNotContain(result.Errors, e => e.Code.StartsWith("SUM_", StringComparison.Ordinal) || e.Code == FindingCodes.BalanceR1);
    }

    public static TheoryData<object?, string> Corpus => new()
    {
        { " 7 ", FindingCodes.CountTextNumber },
        { "12", FindingCodes.CountTextNumber },
        { 3.5, FindingCodes.CountNotInteger },
        { -1, FindingCodes.CountNegative },
        { "十二", FindingCodes.CountChineseNumeral },
        { null, FindingCodes.CountBlank },
        { "/", FindingCodes.CountPlaceholder },
        { "-", FindingCodes.CountPlaceholder },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_bad_value_typed_into_the_template_is_reported_at_its_cell_and_not_blamed_on_the_totals(object? raw, string code)
    {
        // The template's totals are formulas, so Excel's sums change with the bad cell; the balance
        // rules must not send the clerk to 结转下年度 for it. (3.5 makes the formula totals 13.5 etc.,
        // which are reported as not whole numbers at their own cells.)
        var cell = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson);
        var result = ParseAndValidate(WorkbookFactory.From(SampleReports.County).Set(cell, raw));
        Assert.Equal((code, "三!D7"), (result.Errors[0].Code, result.Errors[0].Location));
        Assert.All(result.Errors.Skip(1), e =>
        {
            Assert.Equal(FindingCodes.CountNotInteger, e.Code);
            Assert.EndsWith("（这是合计单元格：若由公式自动计算，请先改正它所合计的单元格）", e.Message, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(result.Errors, e => e.Code is FindingCodes.BalanceR1 or FindingCodes.SumResultsTotal or FindingCodes.SumRowTotal);
        Assert.Null(result.Report);
    }

    [Fact]
    public void A_typed_row_total_that_is_wrong_is_reported_with_expected_and_actual()
    {
        var total = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Total);
        var result = ParseAndValidate(WorkbookFactory.From(SampleReports.County).Set(total, 47));
        var rowError = Assert.Single(result.Errors, e => e.Code == FindingCodes.SumRowTotal);
        Assert.Equal($"{Loc(total)}：总计应为 48（自然人 38 + 法人或其他组织 10），实际填写 47", rowError.Message);
        Assert.Contains(result.Errors, e => e.Code == FindingCodes.SumResultsTotal); // the 总计 column's （七） no longer adds up
    }

    [Fact]
    public void A_stale_cached_total_behind_a_formula_is_caught_by_the_rules()
    {
        var total = ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Total);
        var result = ParseAndValidate(WorkbookFactory.From(SampleReports.County).SetCachedTotal(total, 6));
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.SumReviewTotal, Loc(total), "7", "6"), (error.Code, error.Location, error.Expected, error.Actual));
    }

    [Fact]
    public void Several_errors_in_one_workbook_are_all_reported_sorted_by_sheet_and_cell()
    {
        var factory = WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.Phone, null)
            .Set(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn), "3562")
            .Set(ReportFields.TableB(TableBRow.WithheldQueryMatters, ApplicantColumn.Research), "/")
            .Set(ReportFields.TableB(TableBRow.WithheldStateSecret, ApplicantColumn.Research), "-")
            .Set(ReportFields.TableC(ReviewGroup.LitigationAfterReview, ReviewOutcome.Pending), -1)
            .Set(ReportFields.Other, "");
        var result = ParseAndValidate(factory);

        // Template order: 基本信息, 一 … 六; inside 三 by row number (F9 before F16, not text order).
        Assert.Equal(
        [
            Loc(ReportFields.Phone),
            Loc(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)),
            "三!F9",
            "三!F16",
            Loc(ReportFields.TableC(ReviewGroup.LitigationAfterReview, ReviewOutcome.Pending)),
            Loc(ReportFields.Other),
        ], result.Errors.Select(e => e.Location));
        Assert.Equal(
            [FindingCodes.RequiredBlank, FindingCodes.CountTextNumber, FindingCodes.CountPlaceholder, FindingCodes.CountPlaceholder,
             FindingCodes.CountNegative, FindingCodes.ProseEmpty],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_workbook_in_the_2019_trial_format_is_one_error_naming_the_marker_cell()
    {
        var result = ParseAndValidate(WorkbookFactory.Blank().WithCell("二", "F3", "本年新制作数量"));
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.TrialFormat2019, "二!F3"), (error.Code, error.Location));
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_becomes_one_error_with_the_parser_code()
    {
        using var stream = new MemoryStream("这不是工作簿"u8.ToArray());
        var result = ReportValidator.Validate(WorkbookReader.Read(stream, "报告.xlsx"), Context());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FILE_", error.Code, StringComparison.Ordinal);
        Assert.Equal("", error.Location);
        Assert.Contains("报告.xlsx", error.Message, StringComparison.Ordinal);
    }
}
