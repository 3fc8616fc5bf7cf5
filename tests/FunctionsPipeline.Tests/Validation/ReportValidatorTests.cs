using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

public sealed class ReportValidatorTests
{
    private static readonly string Licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);
    private static readonly string Fee = ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn);

    // ---- valid samples ---------------------------------------------------------------------

    [Fact]
    public void Accepts_the_seed_sample_and_returns_exactly_that_report()
    {
        var result = Seed().Validate();
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.True(result.IsValid);
        Assert.Equal(SampleReports.Seed, result.Report);
    }

    [Fact]
    public void Accepts_the_county_sample_whose_tables_satisfy_every_rule()
    {
        var result = County().Validate();
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(SampleReports.County, result.Report);
        Assert.Equal(0.0125m, result.Report!.ActiveDisclosure.FeesTenThousandYuan);
    }

    [Fact]
    public void Accepts_a_change_that_keeps_every_total_consistent()
    {
        // One more natural-person application granted: row total, results total and 一、本年新收 all move with it,
        // and so do the figures the overview quotes.
        var overview = SampleReports.County.Overview.ToText()
            .Replace("申请128件", "申请129件", StringComparison.Ordinal).Replace("办结125件", "办结126件", StringComparison.Ordinal);
        var workbook = County().With(ReportFields.Overview, overview)
            .Add(B(TableBRow.Granted, ApplicantColumn.NaturalPerson), 1).Add(B(TableBRow.Granted, ApplicantColumn.Total), 1)
            .Add(B(TableBRow.ResultsTotal, ApplicantColumn.NaturalPerson), 1).Add(B(TableBRow.ResultsTotal, ApplicantColumn.Total), 1)
            .Add(B(TableBRow.NewlyReceived, ApplicantColumn.NaturalPerson), 1).Add(B(TableBRow.NewlyReceived, ApplicantColumn.Total), 1);
        var result = workbook.Validate();
        Assert.Empty(result.Errors);
        Assert.Equal(39, result.Report!.Applications[TableBRow.Granted, ApplicantColumn.NaturalPerson]);
    }

    // ---- the bad-value corpus ----------------------------------------------------------------

    public static TheoryData<object?, string> BadCounts => new()
    {
        { " 7 ", FindingCodes.CountTextNumber },
        { "12", FindingCodes.CountTextNumber },
        { "１２", FindingCodes.CountTextNumber },
        { 3.5, FindingCodes.CountNotInteger },
        { -1.0, FindingCodes.CountNegative },
        { "十二", FindingCodes.CountChineseNumeral },
        { "零", FindingCodes.CountChineseNumeral },
        { null, FindingCodes.CountBlank },
        { "", FindingCodes.CountBlank },
        { "　", FindingCodes.CountBlank },
        { "/", FindingCodes.CountPlaceholder },
        { "-", FindingCodes.CountPlaceholder },
        { "—", FindingCodes.CountPlaceholder },
        { "12件", FindingCodes.CountNotANumber },
        { true, FindingCodes.CountNotANumber },
        { new DateTime(2024, 3, 5), FindingCodes.CountNotANumber },
        { 1e12, FindingCodes.CountTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadCounts))]
    public void Rejects_a_bad_count_with_its_own_code_and_never_takes_it_as_a_number(object? raw, string code)
    {
        var result = Seed().With(Licensing, raw).Validate();
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal((ReportCells.TableASheet, "B7"), (error.Sheet, error.Cell));
        Assert.StartsWith("二!B7（行政许可 / 本年处理决定数量）：", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Report);
    }

    [Theory]
    [MemberData(nameof(BadCounts))]
    public void A_bad_count_inside_table_b_is_reported_once_and_the_sums_over_it_are_not_guessed(object? raw, string code)
    {
        var cell = B(TableBRow.Granted, ApplicantColumn.Commercial);
        var error = Assert.Single(County().With(cell, raw).Validate().Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(At(cell), error.Location);
    }

    [Fact]
    public void A_bad_cell_under_formula_totals_does_not_raise_balance_errors_about_the_totals_excel_recomputed()
    {
        // As Excel would show it: 予以公开/自然人 typed as "/", so SUM() skipped it in 总计 and （七）总计.
        var workbook = County()
            .With(B(TableBRow.Granted, ApplicantColumn.NaturalPerson), "/")
            .Add(B(TableBRow.Granted, ApplicantColumn.Total), -38)
            .Add(B(TableBRow.ResultsTotal, ApplicantColumn.NaturalPerson), -38)
            .Add(B(TableBRow.ResultsTotal, ApplicantColumn.Total), -38);
        var error = Assert.Single(workbook.Validate().Errors);
        Assert.Equal((FindingCodes.CountPlaceholder, "三!D7"), (error.Code, error.Location));
    }

    [Fact]
    public void Text_that_looks_like_a_number_shows_the_stray_spaces_to_the_clerk()
    {
        var error = Assert.Single(Seed().With(Licensing, " 7 ").Validate().Errors);
        Assert.Contains("“ 7 ”", error.Message, StringComparison.Ordinal);
        Assert.Equal(" 7 ", error.Actual);
    }

    public static TheoryData<object?, string> BadFees => new()
    {
        { 0.0000001, FindingCodes.FeeTooManyDecimals },
        { 1.2345678, FindingCodes.FeeTooManyDecimals },
        { 24252.3110825, FindingCodes.FeeTooManyDecimals },
        { -0.5, FindingCodes.FeeNegative },
        { "0.5", FindingCodes.FeeTextNumber },
        { null, FindingCodes.FeeBlank },
        { "/", FindingCodes.FeePlaceholder },
        { "-", FindingCodes.FeePlaceholder },
        { "零", FindingCodes.FeeChineseNumeral },
        { "五百元", FindingCodes.FeeNotANumber },
        { 1e13, FindingCodes.FeeTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadFees))]
    public void Rejects_a_bad_fee_with_its_own_code(object? raw, string code)
    {
        var error = Assert.Single(Seed().With(Fee, raw).Validate().Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("二!B14", error.Location);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.0125, "0.0125")]
    [InlineData(12.5, "12.5")]
    [InlineData(3.0001, "3.0001")]
    [InlineData(24252.311082, "24252.311082")] // real reports publish the fee to the 分: six decimals of 万元
    [InlineData(5949.088667, "5949.088667")]
    [InlineData(0.000001, "0.000001")]
    public void Accepts_a_fee_with_up_to_six_decimals_exactly(double raw, string expected)
    {
        var result = Seed().With(Fee, raw).Validate();
        Assert.Empty(result.Errors);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Report!.ActiveDisclosure.FeesTenThousandYuan);
    }

    // ---- R1–R4 -------------------------------------------------------------------------------

    [Fact]
    public void Rejects_a_column_where_received_plus_carried_over_differs_from_handled_plus_carried_forward()
    {
        // 结转下年度 one too many for 自然人 (and its row total moved with it, so only R1 breaks).
        var result = County()
            .Add(B(TableBRow.CarriedForward, ApplicantColumn.NaturalPerson), 1)
            .Add(B(TableBRow.CarriedForward, ApplicantColumn.Total), 1)
            .Validate();
        Assert.Equal([FindingCodes.BalanceR1, FindingCodes.BalanceR1], result.Errors.Select(e => e.Code));
        var natural = result.Errors[0];
        Assert.Equal(At(B(TableBRow.CarriedForward, ApplicantColumn.NaturalPerson)), natural.Location);
        Assert.Equal(("112", "113"), (natural.Expected, natural.Actual)); // 105 + 7 vs 103 + 10
        Assert.Contains("本年新收 105 + 上年结转 7 = 112，但办理结果总计 103 + 结转下年度 10 = 113，按此结转下年度应为 9", natural.Message, StringComparison.Ordinal);
        Assert.Equal(At(B(TableBRow.CarriedForward, ApplicantColumn.Total)), result.Errors[1].Location);
    }

    [Fact]
    public void Rejects_a_results_total_that_is_not_the_sum_of_the_result_rows()
    {
        var result = County()
            .Add(B(TableBRow.UnableNotHeld, ApplicantColumn.NaturalPerson), 2)
            .Add(B(TableBRow.UnableNotHeld, ApplicantColumn.Total), 2)
            .Validate();
        Assert.Equal([FindingCodes.SumResultsTotal, FindingCodes.SumResultsTotal], result.Errors.Select(e => e.Code));
        var error = result.Errors[0];
        Assert.Equal(At(B(TableBRow.ResultsTotal, ApplicantColumn.NaturalPerson)), error.Location);
        Assert.Equal(("105", "103"), (error.Expected, error.Actual));
        Assert.Equal($"{error.Location}：（七）总计（自然人）应为 105（（一）至（六）各项办理结果之和），实际填写 103", error.Message);
    }

    [Fact]
    public void Rejects_a_row_whose_total_is_wrong_with_the_message_the_clerk_needs()
    {
        // 一 and 四 both: 自然人 5, 法人或其他组织 4 + 3 = 7, 总计 written as 11 (R1 still balances).
        var workbook = Seed();
        foreach (var row in new[] { TableBRow.NewlyReceived, TableBRow.CarriedForward })
        {
            workbook = workbook.With(B(row, ApplicantColumn.NaturalPerson), 5.0).With(B(row, ApplicantColumn.Commercial), 4.0)
                .With(B(row, ApplicantColumn.Research), 3.0).With(B(row, ApplicantColumn.Total), 11.0);
        }
        var result = workbook.Validate();
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(FindingCodes.SumRowTotal, e.Code));
        Assert.Equal("三!J5：总计应为 12（自然人 5 + 法人或其他组织 7），实际填写 11", result.Errors[0].Message);
        Assert.Equal(("12", "11"), (result.Errors[0].Expected, result.Errors[0].Actual));
        Assert.Equal("三!J29", result.Errors[1].Location);
    }

    [Fact]
    public void Rejects_a_review_group_whose_total_is_not_the_sum_of_its_outcomes()
    {
        var cell = ReportFields.TableC(ReviewGroup.LitigationWithoutReview, ReviewOutcome.Total);
        var error = Assert.Single(County().Add(cell, -1).Validate().Errors);
        Assert.Equal(FindingCodes.SumReviewTotal, error.Code);
        Assert.Equal("四!J4：未经复议直接起诉总计应为 4（结果维持 2 + 结果纠正 0 + 其他结果 1 + 尚未审结 1），实际填写 3", error.Message);
    }

    // ---- required fields ---------------------------------------------------------------------

    [Theory]
    [InlineData(ReportFields.Body)]
    [InlineData(ReportFields.Address)]
    [InlineData(ReportFields.Postcode)]
    [InlineData(ReportFields.Phone)]
    [InlineData(ReportFields.Website)]
    [InlineData(ReportFields.Year)]
    public void Rejects_a_blank_required_field(string fieldId)
    {
        var error = Assert.Single(Seed().With(fieldId, "  ").Validate().Errors);
        Assert.Equal(FindingCodes.RequiredBlank, error.Code);
        Assert.Equal(At(fieldId), error.Location);
    }

    [Theory]
    [InlineData(ReportFields.Overview, NationalFormat.Section1)]
    [InlineData(ReportFields.Problems, NationalFormat.Section5)]
    [InlineData(ReportFields.Other, NationalFormat.Section6)]
    public void Rejects_an_empty_prose_section(string fieldId, string heading)
    {
        var error = Assert.Single(Seed().With(fieldId, "\n　\n").Validate().Errors);
        Assert.Equal(FindingCodes.ProseEmpty, error.Code);
        Assert.Contains(heading, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_an_empty_preface_because_the_format_does_not_require_one()
    {
        var result = Seed().With(ReportFields.Preface, null).Validate();
        Assert.Empty(result.Errors);
        Assert.True(result.Report!.Preface.IsEmpty);
    }

    [Theory]
    [InlineData("2024年")]
    [InlineData("24")]
    [InlineData(24.0)]
    [InlineData(2024.5)]
    [InlineData("二〇二四")]
    public void Rejects_a_report_year_that_is_not_four_digits(object raw)
    {
        var error = Assert.Single(Seed().With(ReportFields.Year, raw).Validate().Errors);
        Assert.Equal(FindingCodes.YearFormat, error.Code);
    }

    [Fact]
    public void Rejects_a_report_year_after_the_year_of_publication()
    {
        var error = Assert.Single(Seed().With(ReportFields.Year, 2026.0).Validate().Errors);
        Assert.Equal(FindingCodes.YearAfterPublication, error.Code);
        Assert.Equal(("≤ 2025", "2026"), (error.Expected, error.Actual));
    }

    [Fact]
    public void Accepts_a_year_and_postcode_typed_as_text_or_number()
    {
        var result = Seed().With(ReportFields.Year, " 2024 ").With(ReportFields.Postcode, 277200.0).Validate();
        Assert.Empty(result.Errors);
        Assert.Equal(2024, result.Report!.Year);
        Assert.Equal("277200", result.Report.Contact.Postcode);
    }

    [Fact]
    public void Rejects_a_workbook_where_a_label_was_not_found()
    {
        var result = Seed().Without(ReportFields.Phone).Validate();
        var error = Assert.Single(result.Errors);
        Assert.Equal(FindingCodes.FieldNotFound, error.Code);
        Assert.Equal("", error.Location);
        Assert.Contains("联系电话", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Report);
    }

    [Fact]
    public void Rejects_the_2019_trial_format_with_a_single_clear_error()
    {
        var marker = new CellLocation("Sheet1", "C3");
        var workbook = new ParsedWorkbook("old.xlsx", new Dictionary<string, RawCell>(), LooksLike2019TrialFormat: true, marker);
        var result = workbook.Validate();
        var error = Assert.Single(result.Errors);
        Assert.Equal(FindingCodes.TrialFormat2019, error.Code);
        Assert.Equal("Sheet1!C3", error.Location);
        Assert.Contains("国办公开办函〔2021〕30号", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Report);
    }

    // ---- several errors at once --------------------------------------------------------------

    [Fact]
    public void Reports_every_error_of_a_badly_filled_workbook_in_one_pass_sorted_by_sheet_row_and_column()
    {
        var workbook = County()
            .Without(ReportFields.Website)                                                      // whole file
            .With(B(TableBRow.WithheldStateSecret, ApplicantColumn.Commercial), "/")             // 三!E9
            .With(B(TableBRow.WithheldEnforcementFiles, ApplicantColumn.NaturalPerson), "十二")  // 三!D15
            .With(B(TableBRow.Granted, ApplicantColumn.Total), 52.0)                             // 三!J7: R3 (should be 48)
            .With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Upheld), 3.5) // 四!A4
            .With(ReportFields.Body, null)                                                       // 基本信息!B2
            .With(Licensing, -1.0)                                                               // 二!B7
            .With(ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn), " 7 "); // 二!B3
        var result = workbook.Validate();

        Assert.Equal(
        [
            ("", FindingCodes.FieldNotFound),
            ("基本信息!B2", FindingCodes.RequiredBlank),
            ("二!B3", FindingCodes.CountTextNumber),
            ("二!B7", FindingCodes.CountNegative),
            ("三!J7", FindingCodes.SumRowTotal),
            ("三!E9", FindingCodes.CountPlaceholder),
            ("三!D15", FindingCodes.CountChineseNumeral),
            ("四!A4", FindingCodes.CountNotInteger),
        ], result.Errors.Select(e => (e.Location, e.Code)));
        Assert.Null(result.Report);
    }

    [Fact]
    public void Sorts_cells_by_row_and_column_number_not_by_text()
    {
        var workbook = County()
            .With(B(TableBRow.UnableNotHeld, ApplicantColumn.Research), "x")   // 三!F17
            .With(B(TableBRow.WithheldQueryMatters, ApplicantColumn.Research), "x") // 三!F16
            .With(B(TableBRow.WithheldStateSecret, ApplicantColumn.Research), "x");  // 三!F9
        Assert.Equal(["三!F9", "三!F16", "三!F17"], workbook.Validate().Errors.Select(e => e.Location));
    }

    [Theory]
    [InlineData("A1", 1, 1)]
    [InlineData("J29", 29, 10)]
    [InlineData("AA10", 10, 27)]
    [InlineData("", 0, 0)]
    [InlineData("7", 0, 0)]
    public void Reads_a1_addresses_as_row_and_column_numbers(string address, int row, int column) =>
        Assert.Equal((row, column), FindingOrder.ParseAddress(address));

    // ---- file problems -----------------------------------------------------------------------

    [Fact]
    public void Turns_a_file_problem_into_a_single_error_for_the_whole_file()
    {
        var parsed = ParseResult.Fail("FILE_NOT_XLSX", "a.pdf", "这不是 Excel 工作簿（.xlsx）");
        var result = ReportValidator.Validate(parsed, Context());
        var error = Assert.Single(result.Errors);
        Assert.Equal(("FILE_NOT_XLSX", Severity.Error, ""), (error.Code, error.Severity, error.Location));
        Assert.Equal("a.pdf：这不是 Excel 工作簿（.xlsx）", error.Message);
        Assert.Null(result.Report);
    }

    [Fact]
    public void Every_code_is_unique_and_upper_snake_case()
    {
        Assert.Equal(FindingCodes.All.Count, FindingCodes.All.Distinct().Count());
        Assert.All(FindingCodes.All, c => Assert.Matches("^[A-Z0-9]+(_[A-Z0-9]+)*$", c));
    }
}
