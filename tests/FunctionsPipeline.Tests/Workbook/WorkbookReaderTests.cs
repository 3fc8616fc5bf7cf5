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
}
