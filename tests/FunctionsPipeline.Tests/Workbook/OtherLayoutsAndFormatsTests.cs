using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>The reader finds fields by label: other layouts and the .xls and .csv formats give the same values.</summary>
public sealed class OtherLayoutsAndFormatsTests
{
    static OtherLayoutsAndFormatsTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParsedWorkbook Parse(byte[] bytes, string fileName)
    {
        var result = WorkbookReader.Read(new MemoryStream(bytes), fileName);
        Assert.True(result.Succeeded, result.Problem?.Message);
        return result.Workbook!;
    }

    [Fact]
    public void Tables_pasted_onto_one_sheet_at_other_positions_parse_to_the_same_values()
    {
        var layout = PastedLayout.For(SampleReports.County);
        var parsed = Parse(layout.ToXlsx(), "粘贴版.xlsx");
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(SampleReports.County), parsed));
        Assert.Equal(ReportFields.All.Count, parsed.Fields.Count);
    }

    [Fact]
    public void Values_in_a_pasted_layout_point_at_the_cells_they_came_from()
    {
        var layout = PastedLayout.For(SampleReports.County);
        var parsed = Parse(layout.ToXlsx(), "粘贴版.xlsx");
        foreach (var (id, cell) in parsed.Fields)
        {
            Assert.Equal("Sheet1", cell.At.Sheet);
            var (row, column) = CellAddress.Parse(cell.At.Address);
            Assert.True(layout.Cells.ContainsKey((row, column)), $"{id} read from {cell.At}, where nothing was written");
        }
        // The body's value is two columns right of its label (C is blank), as typed.
        Assert.Equal("Sheet1!D3", parsed[ReportFields.Body]!.At.ToString());
    }

    [Fact]
    public void A_GB18030_csv_of_the_pasted_layout_parses_to_the_same_values()
    {
        var csv = PastedLayout.For(SampleReports.County).ToCsv(Encoding.GetEncoding("GB18030"), withPreamble: false);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(csv)); // really not UTF-8
        var parsed = Parse(csv, "年度报告.csv");
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(SampleReports.County), parsed));
        Assert.Equal("年度报告", parsed[ReportFields.Body]!.At.Sheet);
    }

    [Fact]
    public void A_GB18030_csv_of_the_county_report_validates_to_the_county_report()
    {
        // CSV has no cell types: plain numerals in it are numbers, not "text that looks like a number".
        var csv = PastedLayout.For(SampleReports.County).ToCsv(Encoding.GetEncoding("GB18030"), withPreamble: false);
        var result = FunctionsPipeline.Core.Validation.ReportValidator.Validate(Parse(csv, "年度报告.csv"),
            new FunctionsPipeline.Core.Validation.ValidationContext(new DateTimeOffset(2025, 1, 20, 9, 0, 0, TimeSpan.FromHours(8))));
        Assert.Empty(result.Errors);
        Assert.Equal(SampleReports.County, result.Report);
    }

    [Theory]
    [InlineData(" 7 ")]
    [InlineData("十二")]
    [InlineData("3.5")]
    [InlineData("/")]
    public void A_csv_keeps_values_that_are_not_plain_numerals_for_validation_to_judge(string typed)
    {
        var csv = Encoding.UTF8.GetBytes($"信息内容,本年制发件数,本年废止件数,现行有效件数\r\n规章,\"{typed}\",0,1\r\n");
        var cell = Parse(csv, "a.csv")[ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn)]!;
        if (typed == "3.5") Assert.Equal(3.5, cell.Value);
        else Assert.Equal(typed, cell.Value);
        Assert.Equal(1.0, Parse(csv, "a.csv")[ReportFields.TableA(ReportFields.RulesItem, ReportFields.InForceColumn)]!.Value);
    }

    [Fact]
    public void A_GB18030_csv_whose_first_kilobytes_are_plain_ASCII_is_still_read_as_GB18030()
    {
        var ascii = string.Concat(Enumerable.Repeat("note,exported from the office system,,,\r\n", 300));
        var csv = PastedLayout.For(SampleReports.Seed).ToCsv(Encoding.GetEncoding("GB18030"), withPreamble: false);
        var parsed = Parse([.. Encoding.ASCII.GetBytes(ascii), .. csv], "late-chinese.csv");
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(SampleReports.Seed), parsed));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_UTF8_csv_parses_with_or_without_BOM(bool withBom)
    {
        var csv = PastedLayout.For(SampleReports.Seed).ToCsv(new UTF8Encoding(false), withBom);
        var parsed = Parse(csv, "seed.csv");
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(SampleReports.Seed), parsed));
    }

    [Fact]
    public void The_xls_sample_saved_by_LibreOffice_parses_to_the_county_report()
    {
        var parsed = Parse(File.ReadAllBytes(SampleFiles.PathOf("county-2024.xls")), "county-2024.xls");
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(SampleReports.County), parsed));
        Assert.Equal("三!D7", parsed[ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson)]!.At.ToString());
    }

    [Theory]
    [InlineData("xiji-2024.xlsx")]
    [InlineData("county-2024.xlsx")]
    [InlineData("xiji-2024-libreoffice.xlsx")] // re-saved by another writer: its own shared strings, styles and merges
    public void The_committed_xlsx_samples_parse_to_their_reports(string fileName)
    {
        var report = fileName.StartsWith("xiji", StringComparison.Ordinal) ? SampleReports.Seed : SampleReports.County;
        var parsed = Parse(File.ReadAllBytes(SampleFiles.PathOf(fileName)), fileName);
        Assert.Empty(FieldValues.Differences(ReportFieldValues.From(report), parsed));
    }

    [Fact]
    public void Two_label_value_pairs_on_one_row_do_not_borrow_each_others_value_when_the_first_is_blank()
    {
        var parsed = Parse(PastedLayout.FromCells(("A1", "机关名称"), ("C1", "报告年度"), ("D1", 2024), ("A3", "自然人")).ToXlsx(), "两对.xlsx");
        Assert.Null(parsed[ReportFields.Body]!.Value);
        Assert.Equal("Sheet1!B1", parsed[ReportFields.Body]!.At.ToString());
        Assert.Equal(2024.0, parsed[ReportFields.Year]!.Value);
    }

    [Fact]
    public void Headers_of_the_2019_trial_format_set_the_flag_with_their_cell()
    {
        var parsed = WorkbookFactory.Blank().WithCell("二", "F3", "本年新制作数量").Parse();
        Assert.True(parsed.LooksLike2019TrialFormat);
        Assert.Equal("二!F3", parsed.TrialFormatMarkerAt!.ToString());
    }

    [Fact]
    public void A_2019_trial_format_table_alone_parses_with_the_flag_set_instead_of_being_refused()
    {
        var bytes = PastedLayout.FromCells(("A1", "信息内容"), ("B1", "本年新制作数量"), ("C1", "本年新公开数量"), ("D1", "对外公开总数量")).ToXlsx();
        var parsed = Parse(bytes, "2019.xlsx");
        Assert.True(parsed.LooksLike2019TrialFormat);
        Assert.Equal("Sheet1!B1", parsed.TrialFormatMarkerAt!.ToString());
    }
}
