using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

public sealed class WorkbookReaderTests
{
    public static TheoryData<string> Samples => new() { "seed", "county" };

    private static AnnualReport Sample(string name) => name == "seed" ? SampleReports.Seed : SampleReports.County;

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_filled_template_parses_back_to_the_same_values_including_totals(string sample)
    {
        var expected = ReportFieldValues.From(Sample(sample));
        var parsed = WorkbookFactory.From(Sample(sample)).Parse();
        Assert.Empty(FieldValues.Differences(expected, parsed));
        Assert.Equal(ReportFields.All.Count, parsed.Fields.Count);
        Assert.False(parsed.LooksLike2019TrialFormat);
    }

    [Fact]
    public void Every_field_keeps_the_template_cell_it_came_from()
    {
        var parsed = WorkbookFactory.From(SampleReports.County).Parse();
        foreach (var (id, location) in TemplateLayout.FieldCells)
        {
            Assert.Equal(location, parsed[id]!.At);
        }
        Assert.Equal("三!D7", parsed[ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson)]!.At.ToString());
    }

    [Fact]
    public void The_blank_template_parses_with_every_field_found_and_blank()
    {
        var parsed = WorkbookFactory.Blank().Parse("模板.xlsx");
        Assert.Equal(ReportFields.All.Count, parsed.Fields.Count);
        Assert.All(parsed.Fields, f => Assert.Null(f.Value.Value));
        Assert.Equal("模板.xlsx", parsed.FileName);
    }

    [Fact]
    public void Values_come_back_raw_and_uncoerced_at_their_cells()
    {
        string B(TableBRow row) => ReportFields.TableB(row, ApplicantColumn.NaturalPerson);
        var parsed = WorkbookFactory.From(SampleReports.County)
            .Set(B(TableBRow.Granted), " 7 ")
            .Set(B(TableBRow.PartiallyGranted), "十二")
            .Set(B(TableBRow.WithheldStateSecret), "/")
            .Set(B(TableBRow.WithheldThirdParty), 3.5)
            .Set(B(TableBRow.WithheldInternalAffairs), -1)
            .Set(B(TableBRow.UnableNotHeld), null)
            .Set(ReportFields.Year, "2024年")
            .Set(ReportFields.Postcode, "012345")
            .Set(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn), 0.12345m)
            .Set(ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn), true)
            .Parse();

        Assert.Equal(" 7 ", parsed[B(TableBRow.Granted)]!.Value);
        Assert.Equal("十二", parsed[B(TableBRow.PartiallyGranted)]!.Value);
        Assert.Equal("/", parsed[B(TableBRow.WithheldStateSecret)]!.Value);
        Assert.Equal(3.5, parsed[B(TableBRow.WithheldThirdParty)]!.Value);
        Assert.Equal(-1.0, parsed[B(TableBRow.WithheldInternalAffairs)]!.Value);
        Assert.Null(parsed[B(TableBRow.UnableNotHeld)]!.Value);
        Assert.Equal("三!D17", parsed[B(TableBRow.UnableNotHeld)]!.At.ToString());
        Assert.Equal("2024年", parsed[ReportFields.Year]!.Value);
        Assert.Equal("012345", parsed[ReportFields.Postcode]!.Value);
        Assert.Equal(0.12345, parsed[ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn)]!.Value);
        Assert.Equal(true, parsed[ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn)]!.Value);
    }

    [Fact]
    public void A_formula_total_is_reported_with_its_cached_value_untouched_even_when_it_is_wrong()
    {
        var total = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Total);
        var stale = WorkbookFactory.From(SampleReports.County).SetCachedTotal(total, 999).Parse();
        Assert.Equal(999.0, stale[total]!.Value);

        var uncached = WorkbookFactory.From(SampleReports.County).SetCachedTotal(total, null).Parse();
        Assert.Null(uncached[total]!.Value);
        Assert.Equal(WorkbookFactory.LocationOf(total), uncached[total]!.At);
    }

    [Fact]
    public void A_typed_total_replacing_the_formula_is_reported_as_typed()
    {
        var total = ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Total);
        var parsed = WorkbookFactory.From(SampleReports.County).Set(total, 5).Parse();
        Assert.Equal(5.0, parsed[total]!.Value);
        Assert.Equal("四!E5", parsed[total]!.At.ToString());
    }

    [Fact]
    public void Excel_computed_totals_follow_Excel_SUM_which_ignores_text()
    {
        var row = TableBRow.Granted;
        var expected = SampleReports.County.Applications[row, ApplicantColumn.Total] - SampleReports.County.Applications[row, ApplicantColumn.NaturalPerson];
        var parsed = WorkbookFactory.From(SampleReports.County).Set(ReportFields.TableB(row, ApplicantColumn.NaturalPerson), "十二").Parse();
        Assert.Equal((double)expected, parsed[ReportFields.TableB(row, ApplicantColumn.Total)]!.Value);
    }

    [Fact]
    public void A_missing_label_leaves_its_field_absent_and_the_rest_found()
    {
        var parsed = WorkbookFactory.From(SampleReports.County).WithCell("三", "C9", "1.国家秘密（改过的标签）").Parse();
        Assert.Null(parsed[ReportFields.TableB(TableBRow.WithheldStateSecret, ApplicantColumn.NaturalPerson)]);
        Assert.Equal(ReportFields.All.Count - 7, parsed.Fields.Count);
    }
}
