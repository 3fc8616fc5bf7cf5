using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;

namespace FunctionsPipeline.Tests.Publishing;

public sealed class ReportDiffTests
{
    [Fact]
    public void Identical_reports_have_no_changes()
    {
        Assert.True(ReportDiff.Compare(TestReports.Create(), TestReports.Create()).IsEmpty);
    }

    [Fact]
    public void A_changed_table_B_cell_is_named_by_its_official_row_and_column_labels()
    {
        var corrected = TestReports.Create(tableB: (r, c) =>
            (r, c) == (TableBRow.WithheldThirdParty, ApplicantColumn.NaturalPerson) ? 2 : TestReports.DefaultTableB(r, c));

        var changes = ReportDiff.Compare(TestReports.Create(), corrected);

        var change = Assert.Single(changes.Values);
        Assert.Equal(NationalFormat.Section3, change.Section);
        Assert.Equal("（三）不予公开4.保护第三方合法权益 / 自然人", change.Label);
        Assert.Equal(("1", "2"), (change.Old, change.New));
        Assert.Empty(changes.ChangedSections);
    }

    [Fact]
    public void Table_A_and_C_and_contact_changes_are_listed_in_official_order()
    {
        var before = TestReports.Create();
        var after = before with
        {
            Contact = before.Contact with { Phone = "0632-0000000" },
            ActiveDisclosure = before.ActiveDisclosure with { FeesTenThousandYuan = 13m },
            ReviewsAndLitigation = before.ReviewsAndLitigation with { LitigationWithoutReview = new ReviewCounts(1, 0, 0, 0, 1) },
        };

        var changes = ReportDiff.Compare(before, after).Values;

        Assert.Equal(["联系电话", "行政事业性收费 / 本年收费金额（单位：万元）", "行政诉讼 / 未经复议直接起诉 / 结果维持", "行政诉讼 / 未经复议直接起诉 / 尚未审结"],
            changes.Select(c => c.Label));
        Assert.Equal(("12.5", "13"), (changes[1].Old, changes[1].New));
    }

    [Fact]
    public void Edited_prose_is_reported_by_section_not_by_text()
    {
        var changes = ReportDiff.Compare(TestReports.Create(), TestReports.Create(overview: "全新的总体情况。"));

        Assert.Empty(changes.Values);
        Assert.Equal([NationalFormat.Section1], changes.ChangedSections);
    }
}
