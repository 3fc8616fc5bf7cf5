using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Workbook;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>PROSE_FIGURE_MISMATCH: figures quoted in the prose against the tables, both ways.</summary>
public sealed class ProseFiguresTests
{
    private static readonly string[] NewCodes =
    [
        FindingCodes.ProseFigureMismatch, FindingCodes.ProblemsNotDescribed, FindingCodes.FeeNoticeContradicted,
        FindingCodes.ProcessingFeeNotMentioned, FindingCodes.OverviewYearMismatch, FindingCodes.ProseNamesOtherGovernment,
        FindingCodes.CarriedOverMismatch, FindingCodes.InForceMismatch, FindingCodes.FigureJump, FindingCodes.ProseMostlyRepeated,
    ];

    private static List<Finding> Mismatches(ValidationResult result) =>
        result.Errors.Where(e => e.Code == FindingCodes.ProseFigureMismatch).ToList();

    private static ValidationResult CountyOverview(string text) => County().With(ReportFields.Overview, text).Validate();

    // ---- no false alarms on the samples ------------------------------------------------------

    [Fact]
    public void The_samples_as_cells_have_none_of_the_new_findings()
    {
        foreach (var workbook in new[] { Seed(), County() })
        {
            var result = workbook.Validate();
            Assert.Empty(result.Errors);
            Assert.DoesNotContain(result.Warnings, w => NewCodes.Contains(w.Code));
        }
    }

    [Theory]
    [InlineData("xiji-2024.xlsx")]
    [InlineData("xiji-2024-libreoffice.xlsx")]
    [InlineData("county-2024.xlsx")]
    [InlineData("county-2024.xls")]
    public void The_sample_workbooks_have_none_of_the_new_findings(string file)
    {
        using var stream = File.OpenRead(SampleFiles.PathOf(file));
        var result = ReportValidator.Validate(WorkbookReader.Read(stream, file), Context());
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Warnings, w => NewCodes.Contains(w.Code));
    }

    [Theory]
    [InlineData("新收政府信息公开申请128件", "新收政府信息公开申请129件", "三!J5")]
    [InlineData("上年结转9件", "上年结转8件", "三!J6")]
    [InlineData("办结125件", "办结124件", "三!J28")]
    [InlineData("结转下年度继续办理12件", "结转下年度继续办理13件", "三!J29")]
    [InlineData("被申请行政复议7件", "被申请行政复议6件", "四!E4")]
    [InlineData("制发行政规范性文件12件", "制发行政规范性文件11件", "二!B4")]
    [InlineData("废止5件", "废止6件", "二!C4")]
    [InlineData("现行有效86件", "现行有效87件", "二!D4")]
    public void Every_figure_the_county_sample_quotes_is_really_compared(string quoted, string changed, string cell)
    {
        var text = SampleReports.County.Overview.ToText();
        Assert.Contains(quoted, text, StringComparison.Ordinal);
        var error = Assert.Single(County().With(ReportFields.Overview, text.Replace(quoted, changed, StringComparison.Ordinal)).Validate().Errors);
        Assert.Equal(FindingCodes.ProseFigureMismatch, error.Code);
        Assert.Contains(cell, error.Quote!.TableCells);
    }

    // ---- errors -------------------------------------------------------------------------------

    [Fact]
    public void A_figure_that_differs_from_the_table_is_an_error_at_the_prose_cell_naming_the_table_cell()
    {
        var result = CountyOverview("（二）依申请公开\n全年新收政府信息公开申请130件，依法按时答复。");
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.ProseFigureMismatch, Severity.Error), (error.Code, error.Severity));
        Assert.Equal(At(ReportFields.Overview), error.Location);
        Assert.Equal(("128", "130"), (error.Expected, error.Actual));
        Assert.Equal(
            "基本信息!B9（一、总体情况）：“全年新收政府信息公开申请【130】件，依法按时答复。”正文写的是 130，与表格不一致：" +
            "本年新收申请数量（总计栏）（三!J5）为 128。请核对正文或表格，使两者一致", error.Message);
        var quote = error.Quote!;
        Assert.Equal((NationalFormat.Section1, "130", 12), (quote.Section, quote.Mark, quote.MarkStart));
        Assert.Equal(["三!J5"], quote.TableCells);
        Assert.Null(result.Report);
    }

    [Theory]
    [InlineData("本年度对政府信息公开申请予以公开47件。", "48")]
    [InlineData("依申请公开方面，部分公开政府信息公开申请8件。", "7")]
    [InlineData("全年办结政府信息公开申请125件：予以公开48件、部分公开7件、不予公开15件。", "16")]
    [InlineData("办理政府信息公开申请，无法提供32件。", "33")]
    [InlineData("办理政府信息公开申请，不予处理14件。", "13")]
    [InlineData("办理政府信息公开申请，其他处理9件。", "8")]
    [InlineData("政府信息公开申请结转下年度继续办理11件。", "12")]
    [InlineData("依申请公开方面，上年结转10件。", "9")]
    [InlineData("因政府信息公开被申请行政复议8件。", "7")]
    [InlineData("2024 年，因政府信息公开被申请行政复议 8 件。", "7")] // spaces as PDF extraction leaves them
    [InlineData("本年度制发行政规范性文件13件，废止5件，现行有效86件。", "12")]
    [InlineData("本年度制发行政规范性文件12件，废止4件，现行有效86件。", "5")]
    [InlineData("本年度现行有效行政规范性文件85件。", "86")]
    [InlineData("本年度制定规章1件。", "0")]
    public void Each_quantity_the_prose_names_is_compared_with_its_table_cell(string sentence, string expected)
    {
        var error = Assert.Single(Mismatches(CountyOverview(sentence)));
        Assert.Equal(expected, error.Expected);
    }

    [Fact]
    public void Litigation_may_be_either_group_or_both_and_only_a_figure_matching_none_is_an_error()
    {
        Assert.Empty(Mismatches(CountyOverview("提起行政诉讼6件。")));
        Assert.Empty(Mismatches(CountyOverview("提起行政诉讼4件。")));
        Assert.Empty(Mismatches(CountyOverview("提起行政诉讼2起。")));
        var error = Assert.Single(Mismatches(CountyOverview("提起行政诉讼5件。")));
        Assert.Equal("6 或 4 或 2", error.Expected);
        Assert.Equal(["四!J4", "四!O4"], error.Quote!.TableCells);
    }

    [Fact]
    public void Statements_of_none_count_as_zero()
    {
        var applications = Assert.Single(Mismatches(CountyOverview("本年度未收到政府信息公开申请。")));
        Assert.Equal(("128 或 137", "0"), (applications.Expected, applications.Actual));
        Assert.Equal("未收到政府信息公开申请", applications.Quote!.Mark);

        var both = Mismatches(CountyOverview("本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"));
        Assert.Equal(["7", "6 或 4 或 2"], both.Select(e => e.Expected));
        Assert.Single(Mismatches(CountyOverview("本年度没有收到政府信息公开的申请。")));

        // The seed says so and its tables are all zero.
        Assert.Empty(Seed().With(ReportFields.Overview, "本年度未发生行政复议和行政诉讼。本年度未收到政府信息公开申请。").Validate().Errors);
    }

    // ---- the two real-report cases of the issue ---------------------------------------------------

    [Fact]
    public void Received_75_is_new_74_plus_1_carried_over_and_not_a_contradiction()
    {
        // Table 三: 新收 74 and 上年结转 1 (自然人), 75 granted; R1–R3 hold.
        var workbook = Seed();
        foreach (var column in new[] { ApplicantColumn.NaturalPerson, ApplicantColumn.Total })
        {
            workbook = workbook.With(B(TableBRow.NewlyReceived, column), 74.0).With(B(TableBRow.CarriedOver, column), 1.0)
                .With(B(TableBRow.Granted, column), 75.0).With(B(TableBRow.ResultsTotal, column), 75.0);
        }
        var real = workbook.With(ReportFields.Overview, "（二）依申请公开情况。2024年，共收到政府信息公开申请75件，均已按时办结。");
        Assert.Empty(real.Validate().Errors);
        Assert.Empty(workbook.With(ReportFields.Overview, "2024年，共收到政府信息公开申请74件。").Validate().Errors);
        var wrong = Assert.Single(workbook.With(ReportFields.Overview, "2024年，共收到政府信息公开申请76件。").Validate().Errors);
        Assert.Equal(("74 或 75", "76"), (wrong.Expected, wrong.Actual));
        Assert.Contains("收到申请总量（新收 74 + 上年结转 1）（三!J5、三!J6）为 75", wrong.Message, StringComparison.Ordinal);
        // 新收 names one reading only.
        Assert.Single(workbook.With(ReportFields.Overview, "2024年，新收政府信息公开申请75件。").Validate().Errors);
    }

    [Fact]
    public void A_clean_up_that_republished_393_documents_is_not_compared_with_470_in_force()
    {
        var workbook = County().With(ReportFields.TableA(ReportFields.NormativeItem, ReportFields.InForceColumn), 470.0);
        Assert.Empty(Mismatches(workbook.With(ReportFields.Overview, "清理并集中发布现行有效行政规范性文件393件。").Validate()));
        Assert.Single(Mismatches(workbook.With(ReportFields.Overview, "本机关现行有效行政规范性文件393件。").Validate()));
        Assert.Empty(Mismatches(workbook.With(ReportFields.Overview, "本机关现行有效行政规范性文件470件。").Validate()));
    }

    // ---- sentences that must not trigger -----------------------------------------------------------

    [Theory]
    [InlineData("累计刊发信息1000余条，关注人数稳步攀升。")]
    [InlineData("组织政务公开业务培训3次，培训工作人员260余人次。")]
    [InlineData("2024年3月15日，受理一件申请；2024年全年新收政府信息公开申请128件。")]
    [InlineData("联系电话：0632-8511104，邮编：277200。")]
    [InlineData("2024年，本机关依法办理政府信息公开申请。")]
    [InlineData("全年新收政府信息公开申请120至130件。")]
    [InlineData("全年新收政府信息公开申请120-130件。")]
    [InlineData("全年新收政府信息公开申请约130件。")]
    [InlineData("全年新收政府信息公开申请100件以上。")]
    [InlineData("全年收到政府信息公开申请130余件。")]
    [InlineData("2023年新收政府信息公开申请96件，今年有所增加。")]
    [InlineData("上年新收政府信息公开申请96件。")]
    [InlineData("去年收到政府信息公开申请96件。")]
    [InlineData("全年新收政府信息公开申请较上年增加32件。")]
    [InlineData("全年新收政府信息公开申请同比增长32件。")]
    [InlineData("全年办结125件，其中予以公开50件、部分公开3件。")]
    [InlineData("全年新收政府信息公开申请137件（含上年结转9件）。")]
    [InlineData("受理行政许可申请3000件。")]
    [InlineData("收到人大代表建议82件、政协提案116件。")]
    [InlineData("受理信访投诉申请300件。")]
    [InlineData("累计收到政府信息公开申请1200件。")]
    [InlineData("2008年以来共收到政府信息公开申请1200件。")]
    [InlineData("下步计划制发行政规范性文件20件。")]
    [InlineData("对10件行政规范性文件进行合法性审核。")]
    [InlineData("全年未发生行政复议纠正的情况。")]
    [InlineData("行政复议结果维持3件。")]
    [InlineData("全年制发党内规范性文件30件。")]
    [InlineData("修订完善规章制度15件。")]
    [InlineData("向申请人发出补正告知书3件。")]
    public void Sentences_about_other_things_other_times_or_approximate_figures_are_not_compared(string sentence)
    {
        Assert.Empty(Mismatches(CountyOverview(sentence)));
    }

    // ---- figures in Chinese numerals and full-width digits ------------------------------------------

    [Fact]
    public void A_figure_in_chinese_numerals_that_differs_is_an_error_quoting_it_as_written_and_naming_the_cell()
    {
        var result = CountyOverview("（二）依申请公开\n全年新收政府信息公开申请一百三十件，依法按时答复。");
        var error = Assert.Single(result.Errors);
        Assert.Equal((FindingCodes.ProseFigureMismatch, Severity.Error), (error.Code, error.Severity));
        Assert.Equal(At(ReportFields.Overview), error.Location);
        Assert.Equal(("128", "130"), (error.Expected, error.Actual));
        Assert.Equal(
            "基本信息!B9（一、总体情况）：“全年新收政府信息公开申请【一百三十】件，依法按时答复。”正文写的是 一百三十件（即 130），" +
            "与表格不一致：本年新收申请数量（总计栏）（三!J5）为 128。请核对正文或表格，使两者一致", error.Message);
        var quote = error.Quote!;
        Assert.Equal(("一百三十", 12), (quote.Mark, quote.MarkStart));
        Assert.Equal(["三!J5"], quote.TableCells);
    }

    [Theory]
    [InlineData("全年新收政府信息公开申请一百二十七件。", "128", "127", "三!J5")]
    [InlineData("全年新收政府信息公开申请１３０件。", "128", "130", "三!J5")]
    [InlineData("全年新收政府信息公开申请１３０ 件。", "128", "130", "三!J5")]
    [InlineData("依申请公开方面，上年结转八件。", "9", "8", "三!J6")]
    [InlineData("全年办结政府信息公开申请一百二十四件。", "125", "124", "三!J28")]
    [InlineData("全年办结政府信息公开申请一百二十五件：予以公开四十八件、部分公开七件、不予公开十五件。", "16", "15", "三!J11")]
    [InlineData("政府信息公开申请结转下年度继续办理十三件。", "12", "13", "三!J29")]
    [InlineData("因政府信息公开被申请行政复议两起。", "7", "2", "四!E4")]
    [InlineData("因政府信息公开被申请行政复议一起。", "7", "1", "四!E4")]
    [InlineData("因政府信息公开被申请行政复议十起。", "7", "10", "四!E4")]
    [InlineData("提起行政诉讼五宗。", "6 或 4 或 2", "5", "四!J4")]
    [InlineData("本年度制发行政规范性文件十一件，废止五件，现行有效八十六件。", "12", "11", "二!B4")]
    [InlineData("本年度现行有效行政规范性文件一百零三件。", "86", "103", "二!D4")]
    [InlineData("二〇二四年，全年新收政府信息公开申请一百二十七件。", "128", "127", "三!J5")]
    [InlineData("２０２４年，全年新收政府信息公开申请一百二十七件。", "128", "127", "三!J5")]
    public void Each_figure_in_chinese_numerals_or_full_width_digits_is_compared_with_its_table_cell(
        string sentence, string expected, string actual, string cell)
    {
        var error = Assert.Single(Mismatches(CountyOverview(sentence)));
        Assert.Equal((expected, actual), (error.Expected, error.Actual));
        Assert.Contains(cell, error.Quote!.TableCells);
    }

    [Theory]
    [InlineData("全年新收政府信息公开申请一百二十八件，上年结转九件。")]
    [InlineData("依申请公开方面，全年办结一百二十五件，结转下年度继续办理十二件。")]
    [InlineData("全年新收政府信息公开申请１２８件。")]
    [InlineData("收到政府信息公开申请１２８件。")]
    [InlineData("共收到政府信息公开申请一百三十七件。")] // 新收 128 + 上年结转 9
    [InlineData("因政府信息公开被申请行政复议七件，提起行政诉讼两起。")]
    [InlineData("本年度制发行政规范性文件十二件，废止五件，现行有效八十六件。")]
    [InlineData("二〇二四年，全年新收政府信息公开申请一百二十八件。")]
    public void A_figure_in_chinese_numerals_that_matches_the_table_is_not_an_error(string sentence)
    {
        Assert.Empty(CountyOverview(sentence).Errors);
    }

    [Theory]
    [InlineData("全年收到政府信息公开申请十余件。")]
    [InlineData("全年收到政府信息公开申请数十件。")]
    [InlineData("全年收到政府信息公开申请几十件。")]
    [InlineData("全年收到政府信息公开申请十几件。")]
    [InlineData("全年收到政府信息公开申请一百多件。")]
    [InlineData("全年收到政府信息公开申请三十来件。")]
    [InlineData("全年收到政府信息公开申请二三件。")]
    [InlineData("全年收到政府信息公开申请两三件。")]
    [InlineData("全年收到政府信息公开申请十一二件。")]
    [InlineData("全年收到政府信息公开申请一百二件。")]
    [InlineData("全年收到政府信息公开申请约三十件。")]
    [InlineData("全年收到政府信息公开申请近百件。")]
    [InlineData("全年收到政府信息公开申请三十件左右。")]
    [InlineData("全年收到政府信息公开申请三十件以上。")]
    [InlineData("全年收到政府信息公开申请三至五件。")]
    [InlineData("全年收到政府信息公开申请三到五件。")]
    [InlineData("全年收到政府信息公开申请３-５件。")]
    [InlineData("二〇二三年新收政府信息公开申请九十六件。")]
    [InlineData("二零二三年新收政府信息公开申请96件。")]
    [InlineData("２０２３年新收政府信息公开申请九十六件。")]
    [InlineData("去年收到政府信息公开申请九十六件。")]
    [InlineData("全年新收政府信息公开申请较上年增加三十二件。")]
    [InlineData("全年办结一百二十五件，其中予以公开五十件、部分公开三件。")]
    [InlineData("累计收到政府信息公开申请一千二百件。")]
    [InlineData("依申请公开方面，认真办结每一件申请。")]
    [InlineData("依申请公开方面，办结这两件申请。")]
    [InlineData("依申请公开方面，办结高效办成一件事相关申请。")]
    [InlineData("依申请公开方面，办结一件件群众申请。")]
    [InlineData("依申请公开方面，办结汽车零件质量的申请。")]
    [InlineData("与行政复议机关一起研究答复。")]
    public void Chinese_numerals_that_are_approximate_of_another_time_or_not_a_count_are_not_compared(string sentence)
    {
        Assert.Empty(Mismatches(CountyOverview(sentence)));
    }

    [Fact]
    public void Last_years_figures_quoted_as_such_are_not_compared_but_this_years_in_the_next_sentence_are()
    {
        var result = CountyOverview("2023年新收政府信息公开申请96件。2024年新收政府信息公开申请127件。");
        var error = Assert.Single(Mismatches(result));
        Assert.Equal("127", error.Actual);

        var chinese = CountyOverview("二〇二三年新收政府信息公开申请九十六件。二〇二四年新收政府信息公开申请一百二十七件。");
        Assert.Equal("127", Assert.Single(Mismatches(chinese)).Actual);
    }

    [Fact]
    public void A_figure_is_not_compared_with_a_table_cell_that_has_an_error_of_its_own()
    {
        // The 复议后起诉 group has a bad cell: 行政诉讼 cannot be read in every way, so nothing is said about 6.
        var result = County().With(ReportFields.TableC(ReviewGroup.LitigationAfterReview, ReviewOutcome.Pending), -1.0)
            .With(ReportFields.Overview, "提起行政诉讼5件。").Validate();
        Assert.Empty(Mismatches(result));
        Assert.Single(result.Errors);
    }

    [Fact]
    public void A_long_sentence_is_quoted_around_the_figure()
    {
        var filler = string.Concat(Enumerable.Repeat("围绕群众关切持续深化公开", 10));
        var error = Assert.Single(Mismatches(CountyOverview($"{filler}，全年新收政府信息公开申请130件，{filler}。")));
        Assert.StartsWith("……", error.Quote!.Text, StringComparison.Ordinal);
        Assert.EndsWith("……", error.Quote.Text, StringComparison.Ordinal);
        Assert.Equal("130", error.Quote.Mark);
        Assert.True(error.Quote.Text.Length <= 94);
    }
}
