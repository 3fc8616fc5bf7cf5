using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Model;

/// <summary>The optional 统一社会信用代码: its GB 32100-2015 check character, and what validation makes of the cell.</summary>
public sealed class CreditCodeTests
{
    // The worked example of the check (GB 32100-2015 method as commonly published): Σ Cᵢ·Wᵢ = 1495, 1495 mod 31 = 17, 31 − 17 = 14 → E.
    private const string RealCode = "91512081MA62K0260E";

    private static readonly ValidationContext OnTime = new(new DateTimeOffset(2025, 1, 20, 9, 0, 0, TimeSpan.FromHours(8)));

    [Theory]
    [InlineData(RealCode)]
    [InlineData("11539999MB12345672")] // the county sample's invented one
    [InlineData("91350100M000100Y43")] // the published counter-example with its check character put right (Σ = 1640, mod 31 = 28, 31 − 28 = 3)
    public void A_code_with_the_right_check_character_is_valid(string code)
    {
        Assert.Equal(CreditCode.Problem.None, CreditCode.Check(code));
        Assert.Equal(code[^1], CreditCode.CheckCharacter(code));
    }

    [Theory]
    [InlineData("91512081MA62K0260F")]  // last character changed
    [InlineData("91512081MA62K0206E")]  // two characters swapped, check kept
    [InlineData("91350100M000100Y44")]  // the published counter-example's first 17 call for 3
    public void A_wrong_check_character_is_found(string code) =>
        Assert.Equal(CreditCode.Problem.CheckCharacter, CreditCode.Check(code));

    [Theory]
    [InlineData("91512081MA62K026")]     // too short
    [InlineData("91512081MA62K0260EE")]  // too long
    [InlineData("91512081MI62K0260E")]   // I is not in the charset
    [InlineData("91350100M000100Y4Z")]   // nor Z (the published counter-example)
    [InlineData("91512081ma62k0260e")]   // lower case
    [InlineData("915A2081MA62K0260E")]   // a letter in the region code (positions 3–8)
    public void A_malformed_code_is_a_format_problem(string code) =>
        Assert.Equal(CreditCode.Problem.Format, CreditCode.Check(code));

    [Fact]
    public void A_valid_code_in_the_template_reaches_the_report()
    {
        var report = SampleReports.Seed with { CreditCode = RealCode };
        var result = ReportValidator.Validate(WorkbookFactory.From(report).Parse(), OnTime);
        Assert.Empty(result.Errors);
        Assert.Equal(RealCode, result.Report!.CreditCode);
        Assert.Equal(report, result.Report);
    }

    [Fact]
    public void A_wrong_check_character_is_an_error_naming_the_cell_and_the_right_character()
    {
        var parsed = WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.CreditCode, "91512081MA62K0260F").Parse();
        var result = ReportValidator.Validate(parsed, OnTime);

        var error = Assert.Single(result.Errors);
        Assert.Equal(FindingCodes.CreditCodeCheck, error.Code);
        var cell = TemplateLayout.FieldCells[ReportFields.CreditCode];
        Assert.Equal((cell.Sheet, cell.Address), (error.Sheet, error.Cell));
        Assert.StartsWith($"{cell}（统一社会信用代码）：统一社会信用代码 “91512081MA62K0260F” 的校验码（第18位）不对：按前17位计算应为“E”", error.Message);
        Assert.Null(result.Report);
    }

    [Fact]
    public void A_malformed_code_is_an_error_of_its_own()
    {
        var result = ReportValidator.Validate(WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.CreditCode, "9151 2081").Parse(), OnTime);
        var error = Assert.Single(result.Errors);
        Assert.Equal(FindingCodes.CreditCodeFormat, error.Code);
        Assert.Contains("不是有效的统一社会信用代码", error.Message);
    }

    [Fact]
    public void A_blank_code_or_a_workbook_without_the_label_is_fine_and_gives_no_code()
    {
        var blank = ReportValidator.Validate(WorkbookFactory.From(SampleReports.Seed).Parse(), OnTime);
        Assert.Empty(blank.Errors);
        Assert.Null(blank.Report!.CreditCode);

        // A workbook from before the field existed: no such label at all (not FIELD_NOT_FOUND).
        var full = ReportCells.ToParsedWorkbook(SampleReports.County);
        var old = new ParsedWorkbook(full.FileName, full.Fields.Where(f => f.Key != ReportFields.CreditCode).ToDictionary(), false);
        var result = ReportValidator.Validate(old, OnTime);
        Assert.Empty(result.Errors);
        Assert.Equal(SampleReports.County with { CreditCode = null }, result.Report);
    }
}
