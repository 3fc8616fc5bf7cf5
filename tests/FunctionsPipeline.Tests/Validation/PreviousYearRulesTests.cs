using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>Warnings against the body's previous year, which the pipeline passes in as the previous publication.</summary>
public sealed class PreviousYearRulesTests
{
    private static readonly string NormativeInForce = ReportFields.TableA(ReportFields.NormativeItem, ReportFields.InForceColumn);
    private static readonly string Licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);
    private static readonly string Fee = ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn);

    /// <summary>
    /// The county's 2023 report, consistent with its 2024 one: 结转下年度 = 2024's 上年结转, 现行有效 = 86 − 12 + 5,
    /// figures of the same order, and rewritten prose.
    /// </summary>
    private static AnnualReport County2023(Func<TableBRow, ApplicantColumn, int?>? tableB = null, int inForce = 79, int licensing = 3100,
        decimal fee = 0.01m, ProseSection? overview = null)
    {
        var now = SampleReports.County.Applications;
        return SampleReports.County with
        {
            Year = 2023,
            ActiveDisclosure = SampleReports.County.ActiveDisclosure with
            {
                NormativeDocuments = new DocumentCounts(10, 4, inForce),
                LicensingDecisions = licensing,
                FeesTenThousandYuan = fee,
            },
            Applications = TableB.Create((row, column) => tableB?.Invoke(row, column)
                ?? (row == TableBRow.CarriedForward ? now[TableBRow.CarriedOver, column] : now[row, column])),
            Overview = overview ?? SampleReports.Seed.Overview,
            Problems = SampleReports.Seed.Problems,
            OtherMatters = SampleReports.Seed.OtherMatters,
        };
    }

    private static List<Finding> Warnings(ValidationResult result, string code) => result.Warnings.Where(w => w.Code == code).ToList();

    [Fact]
    public void A_consistent_previous_year_gives_no_warning()
    {
        var result = County().Validate(Context(County2023()));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Carried_over_this_year_must_be_carried_forward_last_year_per_applicant_column()
    {
        var previous = County2023((row, column) => row == TableBRow.CarriedForward && column is ApplicantColumn.NaturalPerson or ApplicantColumn.Total
            ? SampleReports.County.Applications[TableBRow.CarriedOver, column] + 2
            : null);
        var warning = Assert.Single(Warnings(County().Validate(Context(previous)), FindingCodes.CarriedOverMismatch));
        Assert.Equal((At(B(TableBRow.CarriedOver, ApplicantColumn.NaturalPerson)), "9", "7"), (warning.Location, warning.Expected, warning.Actual));
        Assert.Contains("2023年度报告的“四、结转下年度继续办理”（自然人）为 9", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_in_force_must_follow_from_last_year_plus_issued_minus_repealed()
    {
        var warning = Assert.Single(Warnings(County().Validate(Context(County2023(inForce: 70))), FindingCodes.InForceMismatch));
        Assert.Equal((At(NormativeInForce), "77", "86"), (warning.Location, warning.Expected, warning.Actual));
        Assert.Contains("现行有效 70 + 本年制发 12 − 本年废止 5 应为 77", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, true)]    // 3562 is more than five times 500
    [InlineData(713, false)]   // 3562 is just under five times 713
    [InlineData(0, true)]      // from zero
    public void A_figure_that_changes_more_than_fivefold_or_from_zero_is_a_warning(int lastYear, bool warned)
    {
        var jumps = Warnings(County().Validate(Context(County2023(licensing: lastYear))), FindingCodes.FigureJump);
        Assert.Equal(warned, jumps.Any(w => w.Location == At(Licensing)));
    }

    [Fact]
    public void Small_figures_may_change_freely()
    {
        // 7 行政复议 this year, 1 last year: sevenfold, but from a base under 20.
        var previous = County2023() with { ReviewsAndLitigation = new TableC(new ReviewCounts(1, 0, 0, 0, 1),
            SampleReports.County.ReviewsAndLitigation.LitigationWithoutReview, SampleReports.County.ReviewsAndLitigation.LitigationAfterReview) };
        Assert.Empty(Warnings(County().Validate(Context(previous)), FindingCodes.FigureJump));
        // To zero from 25 is reported.
        var fromMany = County2023() with { ReviewsAndLitigation = new TableC(new ReviewCounts(25, 0, 0, 0, 25),
            SampleReports.County.ReviewsAndLitigation.LitigationWithoutReview, SampleReports.County.ReviewsAndLitigation.LitigationAfterReview) };
        var zero = County().With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Upheld), 0.0)
            .With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Corrected), 0.0)
            .With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Other), 0.0)
            .With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Pending), 0.0)
            .With(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Total), 0.0)
            .With(ReportFields.Overview, "全年因政府信息公开被申请行政复议0件。");
        var warning = Assert.Single(Warnings(zero.Validate(Context(fromMany)), FindingCodes.FigureJump));
        Assert.Equal(("25", "0"), (warning.Expected, warning.Actual));
    }

    [Fact]
    public void A_fee_typed_in_yuan_instead_of_wan_yuan_is_a_warning_that_says_so()
    {
        var warning = Assert.Single(Warnings(County().With(Fee, 125.0).Validate(Context(County2023(fee: 0.01m))), FindingCodes.FigureJump));
        Assert.Equal(At(Fee), warning.Location);
        Assert.Contains("金额单位是万元", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_year_just_before_is_compared_figure_by_figure()
    {
        var twoYearsBefore = County2023(inForce: 10, licensing: 1) with { Year = 2022 };
        var result = County().Validate(Context(twoYearsBefore));
        Assert.Empty(Warnings(result, FindingCodes.InForceMismatch));
        Assert.Empty(Warnings(result, FindingCodes.FigureJump));
    }

    [Fact]
    public void More_than_half_of_the_text_repeated_sentence_by_sentence_is_a_warning()
    {
        // Every paragraph of the overview edited slightly (so no paragraph is copied word for word), sentences kept.
        var edited = ProseSection.FromText(string.Join("\n", SampleReports.County.Overview.Blocks.Select(b => b.Text + "特此说明。")));
        var previous = County2023(overview: edited) with { Problems = SampleReports.County.Problems, OtherMatters = SampleReports.County.OtherMatters };
        var result = County().Validate(Context(previous));
        var warning = Assert.Single(Warnings(result, FindingCodes.ProseMostlyRepeated));
        Assert.Equal(At(ReportFields.Overview), warning.Location);
        Assert.DoesNotContain(Warnings(result, FindingCodes.ProseCopiedFromPrevious), w => w.Location == At(ReportFields.Overview));
        Assert.EndsWith("%", warning.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_than_half_repeated_is_fine()
    {
        // Only section 六 is last year's.
        var previous = County2023() with { OtherMatters = SampleReports.County.OtherMatters };
        Assert.Empty(Warnings(County().Validate(Context(previous)), FindingCodes.ProseMostlyRepeated));
    }
}
