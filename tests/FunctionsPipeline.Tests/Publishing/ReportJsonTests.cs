using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;

namespace FunctionsPipeline.Tests.Publishing;

public sealed class ReportJsonTests
{
    [Fact]
    public void A_report_survives_the_round_trip_through_json_with_value_equality()
    {
        var report = TestReports.Create();

        var back = ReportJson.Deserialize(ReportJson.Serialize(report));

        Assert.Equal(report, back);
        Assert.Equal(ProseBlockKind.SubHeading, back.Overview.Blocks[1].Kind);
        Assert.Equal(16, back.Applications[TableBRow.NewlyReceived, ApplicantColumn.Total]);
    }

    [Fact]
    public void The_content_hash_is_stable_for_equal_data_and_changes_with_any_cell()
    {
        var a = ReportJson.ContentHash(TestReports.Create());
        var b = ReportJson.ContentHash(TestReports.Create());
        var changed = ReportJson.ContentHash(TestReports.Create(tableB: (r, c) =>
            r == TableBRow.OtherOther && c == ApplicantColumn.LegalService ? 1 : TestReports.DefaultTableB(r, c)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, changed);
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Fact]
    public void The_json_keeps_Chinese_readable_and_stores_value_lists_as_arrays()
    {
        var json = Encoding.UTF8.GetString(ReportJson.Serialize(TestReports.Create()));

        Assert.Contains("\"body\": \"山亭区西集镇人民政府\"", json);
        Assert.Contains("\"kind\": \"SubHeading\"", json);
        Assert.Contains("\"cells\": [", json);
    }
}

public sealed class ReportJsonDecimalTests
{
    [Fact]
    public void Equal_amounts_written_with_different_scales_hash_the_same()
    {
        var a = TestReports.Create();
        var b = a with { ActiveDisclosure = a.ActiveDisclosure with { FeesTenThousandYuan = 12.500m } };

        Assert.Equal(ReportJson.ContentHash(a), ReportJson.ContentHash(b));
        Assert.Contains("\"feesTenThousandYuan\": 12.5\n", System.Text.Encoding.UTF8.GetString(ReportJson.Serialize(b)).Replace("\r", ""));
        Assert.Equal(12.5m, ReportJson.Deserialize(ReportJson.Serialize(b)).ActiveDisclosure.FeesTenThousandYuan);
    }
}
