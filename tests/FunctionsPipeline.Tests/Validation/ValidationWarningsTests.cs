using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

public sealed class ValidationWarningsTests
{
    private static AnnualReport LastYear(AnnualReport report) => report with { Year = report.Year - 1 };

    // These tests compare with another body's report as "last year": only the copied-prose warnings are theirs.
    private static List<Finding> Copied(ValidationResult result) =>
        result.Warnings.Where(w => w.Code is FindingCodes.ProseCopiedFromPrevious or FindingCodes.ProseMostlyRepeated).ToList();

    [Fact]
    public void Warns_for_each_section_copied_word_for_word_from_last_year_but_still_accepts_the_report()
    {
        var result = Seed().Validate(Context(previous: LastYear(SampleReports.Seed)));
        Assert.Empty(result.Errors);
        Assert.NotNull(result.Report);
        // Three paragraph warnings, one per section, and the whole text (100% repeated) once.
        Assert.Equal(4, result.Warnings.Count);
        var copied = result.Warnings.Where(w => w.Code == FindingCodes.ProseCopiedFromPrevious).ToList();
        Assert.All(copied, w => Assert.Equal(Severity.Warning, w.Severity));
        Assert.Equal(["基本信息!B9", "基本信息!B10", "基本信息!B11"], copied.Select(w => w.Location));
        Assert.Contains(NationalFormat.Section1, copied[0].Message, StringComparison.Ordinal);
        Assert.Contains("全部 6 段正文与2023年度报告一字不差", copied[0].Message, StringComparison.Ordinal);
        var whole = Assert.Single(result.Warnings, w => w.Code == FindingCodes.ProseMostlyRepeated);
        Assert.Equal("100%", whole.Actual);
    }

    [Fact]
    public void Names_the_copied_paragraphs_when_only_some_were_copied()
    {
        var previous = LastYear(SampleReports.County) with
        {
            Problems = SampleReports.Seed.Problems,
            OtherMatters = SampleReports.Seed.OtherMatters,
            Overview = ProseSection.FromText(SampleReports.County.Overview.ToText()
                .Replace("4216条", "3980条", StringComparison.Ordinal)
                .Replace("128件", "96件", StringComparison.Ordinal)),
        };
        var warning = Assert.Single(Copied(County().Validate(Context(previous))));
        Assert.Equal("基本信息!B9", warning.Location);
        // Paragraphs 2 (主动公开) and 3 (依申请公开) have this year's numbers; the other four are last year's.
        Assert.Contains("第 1、4、5、6 段（共 6 段）", warning.Message, StringComparison.Ordinal);
        Assert.Equal("4/6", warning.Actual);
    }

    [Fact]
    public void Does_not_warn_when_the_prose_was_rewritten()
    {
        var previous = LastYear(SampleReports.Seed);
        Assert.Empty(Copied(County().Validate(Context(previous))));
    }

    [Fact]
    public void Does_not_compare_with_an_earlier_publication_of_the_same_year_a_correction_repeats_its_prose()
    {
        Assert.Empty(Seed().Validate(Context(previous: SampleReports.Seed)).Warnings);
    }

    [Fact]
    public void Ignores_short_stock_phrases_that_every_report_repeats()
    {
        var stock = "针对以上问题，下步将采取以下措施进行重点改进：";
        var previous = LastYear(SampleReports.County) with
        {
            Overview = ProseSection.FromText(stock), Problems = ProseSection.FromText(stock), OtherMatters = ProseSection.FromText(stock),
        };
        Assert.Empty(Copied(Seed().Validate(Context(previous))));
    }

    [Theory]
    [InlineData("2025-01-31T23:59:00+08:00", false)]
    [InlineData("2025-01-31T15:59:00+00:00", false)]
    [InlineData("2025-01-31T16:01:00+00:00", true)] // already 1 February in Beijing
    [InlineData("2025-02-03T09:00:00+08:00", true)]
    public void Warns_when_published_after_the_default_deadline_of_31_january(string publishedAt, bool late)
    {
        var context = new ValidationContext(DateTimeOffset.Parse(publishedAt, System.Globalization.CultureInfo.InvariantCulture));
        var result = Seed().Validate(context);
        Assert.Empty(result.Errors);
        Assert.Equal(late, result.Warnings.Any(w => w.Code == FindingCodes.PublishedLate));
    }

    [Fact]
    public void Late_warning_names_the_deadline_and_the_publication_date()
    {
        var context = new ValidationContext(new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        var warning = Assert.Single(Seed().Validate(context).Warnings);
        Assert.Equal(("2025-01-31", "2025-02-03"), (warning.Expected, warning.Actual));
        Assert.Equal("基本信息!B3：2024年度报告应于2025年1月31日前公开，本次公开日期为2025年2月3日，已逾期 3 天", warning.Message);
    }

    [Fact]
    public void Uses_the_configured_deadline_of_a_deployment()
    {
        var options = new ValidationOptions { DeadlineMonthDay = "03-31" };
        var march = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
        Assert.Empty(Seed().Validate(new ValidationContext(march, Options: options)).Warnings);
        var april = new DateTimeOffset(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(FindingCodes.PublishedLate, Assert.Single(Seed().Validate(new ValidationContext(april, Options: options)).Warnings).Code);
    }

    [Fact]
    public void Reports_warnings_together_with_errors()
    {
        var context = new ValidationContext(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)), LastYear(SampleReports.Seed));
        var result = Seed().With(ReportFields.Body, "").Validate(context);
        Assert.Single(result.Errors);
        Assert.Equal(5, result.Warnings.Count); // late, three copied sections, the whole text repeated
        Assert.Equal(FindingCodes.PublishedLate, result.Warnings[0].Code); // 基本信息!B3 comes before the prose cells
    }
}
