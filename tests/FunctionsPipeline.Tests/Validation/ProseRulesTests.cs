using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>Sections 五 and 六, the overview's year and other governments named in the prose, both ways.</summary>
public sealed class ProseRulesTests
{
    private static List<Finding> All(ValidationResult result, string code) =>
        result.Errors.Concat(result.Warnings).Where(f => f.Code == code).ToList();

    // ---- 五 must describe problems and improvements -------------------------------------------------

    [Theory]
    [InlineData("无")]
    [InlineData("无。")]
    [InlineData("暂无")]
    [InlineData("暂无。")]
    [InlineData("没有问题。")]
    [InlineData("有待改进。")]
    [InlineData("（一）2023年度存在问题改进情况\n无\n（二）2024年度存在的主要问题及下步改进措施\n暂无。")]
    [InlineData("（一）2023年度存在问题改进情况。\n（二）2024年度存在的主要问题及下步改进措施。")]
    public void Section_5_that_says_only_none_or_a_few_characters_is_an_error(string text)
    {
        var result = Seed().With(ReportFields.Problems, text).Validate();
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.ProblemsNotDescribed, At(ReportFields.Problems)), (error.Code, error.Location));
        Assert.Equal(NationalFormat.Section5, error.Quote!.Section);
        Assert.Contains("应写明上一年度问题的改进情况", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("本年度工作有待改进。")]
    [InlineData("一是信息更新不够及时；二是解读形式较为单一。")]
    [InlineData("（一）2023年度存在问题改进情况\n无\n（二）2024年度存在的主要问题及下步改进措施\n政策解读形式单一，下一步将增加图解。")]
    public void Section_5_that_describes_something_is_accepted(string text)
    {
        Assert.Empty(Seed().With(ReportFields.Problems, text).Validate().Errors);
    }

    [Fact]
    public void An_empty_section_5_keeps_its_one_existing_error()
    {
        var error = Assert.Single(Seed().With(ReportFields.Problems, "").Validate().Errors);
        Assert.Equal(FindingCodes.ProseEmpty, error.Code);
    }

    // ---- 收费通知 -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("本年度未发出收费通知。")]
    [InlineData("本机关未向申请人发出过收费通知，未收取信息处理费。")]
    [InlineData("2024年度没有出具收费通知书，未收取信息处理费。")]
    public void Saying_no_fee_notice_was_issued_contradicts_applications_closed_for_an_unpaid_fee(string text)
    {
        // The county has 1 application under （六）2 申请人逾期未按收费通知要求缴纳费用.
        var result = County().With(ReportFields.Other, text + "本年度未收取信息处理费。").Validate();
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.FeeNoticeContradicted, At(ReportFields.Other)), (error.Code, error.Location));
        Assert.Equal([At(B(TableBRow.OtherUnpaidFee, ApplicantColumn.Total))], error.Quote!.TableCells);
        Assert.Equal(("0", "1"), (error.Expected, error.Actual));
    }

    [Fact]
    public void No_fee_notice_is_fine_when_no_application_was_closed_for_an_unpaid_fee()
    {
        Assert.Empty(Seed().With(ReportFields.Other, "本年度未发出收费通知，未收取信息处理费。").Validate().Errors);
        Assert.Empty(County().With(ReportFields.Other, "本年度向1名申请人发出收费通知，收取信息处理费0.0125万元。").Validate().Errors);
    }

    [Fact]
    public void The_table_A_fee_is_a_different_fee_and_is_not_compared_with_section_6()
    {
        // 行政事业性收费 0.0125 万元 in table 二; section 六 says no 信息处理费 was collected: both can be true.
        var result = County().With(ReportFields.Other, "本年度未收取信息处理费。").Validate();
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Section_6_without_a_word_on_the_processing_fee_is_a_warning()
    {
        var result = Seed().With(ReportFields.Other, "（一）建议提案办理结果公开情况\n2024年，我单位未承办建议提案。").Validate();
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((FindingCodes.ProcessingFeeNotMentioned, Severity.Warning, At(ReportFields.Other)), (warning.Code, warning.Severity, warning.Location));
        Assert.Empty(Seed().Validate().Warnings); // 收取信息处理费为0
        Assert.Empty(Seed().With(ReportFields.Other, "本年度未向申请人收取任何费用。").Validate().Warnings);
    }

    // ---- the overview's opening year --------------------------------------------------------------------

    [Fact]
    public void An_overview_that_opens_with_last_year_is_a_warning()
    {
        var text = SampleReports.Seed.Overview.ToText().Replace("2024年，西集镇", "2023 年，西集镇", StringComparison.Ordinal);
        var result = Seed().With(ReportFields.Overview, text).Validate();
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((FindingCodes.OverviewYearMismatch, "2024", "2023"), (warning.Code, warning.Expected, warning.Actual));
        Assert.Equal("2023", warning.Quote!.Mark);
    }

    [Theory]
    [InlineData("2024年，西集镇人民政府认真贯彻落实条例。")]
    [InlineData("（一）主动公开方面。2023年以来持续推进。")]
    [InlineData("今年以来，西集镇对标工作要求。")]
    public void An_overview_that_opens_with_the_report_year_or_no_year_is_fine(string text)
    {
        Assert.Empty(All(Seed().With(ReportFields.Overview, text).Validate(), FindingCodes.OverviewYearMismatch));
    }

    // ---- other governments -------------------------------------------------------------------------------

    [Theory]
    [InlineData("本报告电子版可在台儿庄区人民政府网站下载。", "台儿庄区")]
    [InlineData("2024年，水泉镇人民政府认真贯彻落实条例。", "水泉镇")]
    public void Naming_another_government_at_a_level_the_body_shows_is_a_warning(string preface, string name)
    {
        var result = Seed().With(ReportFields.Preface, preface).Validate();
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((FindingCodes.ProseNamesOtherGovernment, $"{name}人民政府"), (warning.Code, warning.Actual));
        Assert.Equal($"{name}人民政府", warning.Quote!.Mark);
    }

    [Theory]
    [InlineData("本报告电子版可在山亭区人民政府网站下载。")]
    [InlineData("西集镇人民政府认真贯彻落实条例。")]
    [InlineData("山亭区西集镇人民政府认真贯彻落实条例。")]
    [InlineData("根据枣庄市人民政府办公室的部署。")] // the city is not in the body's name: it may be its own
    [InlineData("按照山东省人民政府的要求。")]
    [InlineData("在县人民政府的领导下，本镇人民政府和各镇人民政府。")]
    [InlineData("区委、区人民政府高度重视。")]
    public void The_bodys_own_places_its_parents_and_unnamed_governments_are_fine(string preface)
    {
        Assert.Empty(Seed().With(ReportFields.Preface, preface).Validate().Warnings);
    }

    [Fact]
    public void A_county_body_is_warned_about_another_county_but_not_about_its_towns()
    {
        Assert.Single(All(County().With(ReportFields.Preface, "本报告可在石门县人民政府门户网站下载。").Validate(), FindingCodes.ProseNamesOtherGovernment));
        Assert.Empty(All(County().With(ReportFields.Preface, "指导青石镇人民政府做好公开工作。").Validate(), FindingCodes.ProseNamesOtherGovernment));
    }

    [Fact]
    public void A_district_department_is_warned_about_another_district_but_not_about_the_districts_towns()
    {
        var department = Seed().With(ReportFields.Body, "山亭区城乡建设局");
        Assert.Empty(All(department.With(ReportFields.Preface, "指导西集镇人民政府、水泉镇人民政府做好工作。").Validate(), FindingCodes.ProseNamesOtherGovernment));
        Assert.Single(All(department.With(ReportFields.Preface, "可在台儿庄区人民政府网站下载。").Validate(), FindingCodes.ProseNamesOtherGovernment));
    }

    [Fact]
    public void A_body_whose_name_has_no_place_is_never_warned()
    {
        var result = Seed().With(ReportFields.Body, "国家税务总局某某税务局").With(ReportFields.Preface, "可在台儿庄区人民政府网站下载。").Validate();
        Assert.Empty(All(result, FindingCodes.ProseNamesOtherGovernment));
    }
}
