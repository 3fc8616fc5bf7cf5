namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// Stable finding codes. They are part of the public contract (JSON output, HTML report,
/// pipeline status): add new ones, never rename.
/// </summary>
public static class FindingCodes
{
    // Workbook as a whole
    public const string TrialFormat2019 = "FORMAT_2019_TRIAL";
    public const string FieldNotFound = "FIELD_NOT_FOUND";

    // Counts (件): whole numbers ≥ 0, each wrong kind its own code
    public const string CountBlank = "COUNT_BLANK";
    public const string CountPlaceholder = "COUNT_PLACEHOLDER";
    public const string CountTextNumber = "COUNT_TEXT_NUMBER";
    public const string CountNotInteger = "COUNT_NOT_INTEGER";
    public const string CountNegative = "COUNT_NEGATIVE";
    public const string CountChineseNumeral = "COUNT_CHINESE_NUMERAL";
    public const string CountNotANumber = "COUNT_NOT_A_NUMBER";
    public const string CountTooLarge = "COUNT_TOO_LARGE";

    // The fee (万元): decimal ≥ 0, at most 6 decimals (one 分)
    public const string FeeBlank = "FEE_BLANK";
    public const string FeePlaceholder = "FEE_PLACEHOLDER";
    public const string FeeTextNumber = "FEE_TEXT_NUMBER";
    public const string FeeNegative = "FEE_NEGATIVE";
    public const string FeeTooManyDecimals = "FEE_TOO_MANY_DECIMALS";
    public const string FeeChineseNumeral = "FEE_CHINESE_NUMERAL";
    public const string FeeNotANumber = "FEE_NOT_A_NUMBER";
    public const string FeeTooLarge = "FEE_TOO_LARGE";

    // Required basic information and prose
    public const string RequiredBlank = "REQUIRED_BLANK";
    public const string TextNotText = "TEXT_NOT_TEXT";
    public const string TextTooLong = "TEXT_TOO_LONG";
    public const string YearFormat = "YEAR_FORMAT";
    public const string YearAfterPublication = "YEAR_AFTER_PUBLICATION";
    public const string ProseEmpty = "PROSE_EMPTY";

    // 统一社会信用代码 (optional): malformed, or its check character does not match
    public const string CreditCodeFormat = "CREDIT_CODE_FORMAT";
    public const string CreditCodeCheck = "CREDIT_CODE_CHECK";

    // Consistency rules (勾稽关系)
    public const string BalanceR1 = "BALANCE_R1";
    public const string SumResultsTotal = "SUM_RESULTS_TOTAL";
    public const string SumRowTotal = "SUM_ROW_TOTAL";
    public const string SumReviewTotal = "SUM_REVIEW_TOTAL";

    // The prose against the tables and the required content of sections 五 and 六
    public const string ProseFigureMismatch = "PROSE_FIGURE_MISMATCH";
    public const string ProblemsNotDescribed = "PROBLEMS_NOT_DESCRIBED";
    public const string FeeNoticeContradicted = "FEE_NOTICE_CONTRADICTED";

    // Warnings
    public const string ProseCopiedFromPrevious = "PROSE_COPIED_FROM_PREVIOUS";
    public const string PublishedLate = "PUBLISHED_LATE";
    public const string ProcessingFeeNotMentioned = "PROCESSING_FEE_NOT_MENTIONED";
    public const string OverviewYearMismatch = "OVERVIEW_YEAR_MISMATCH";
    public const string ProseNamesOtherGovernment = "PROSE_NAMES_OTHER_GOVERNMENT";

    // Warnings against the body's previous year (when one was published)
    public const string CarriedOverMismatch = "PREVIOUS_CARRIED_OVER_MISMATCH";
    public const string InForceMismatch = "PREVIOUS_IN_FORCE_MISMATCH";
    public const string FigureJump = "PREVIOUS_FIGURE_JUMP";
    public const string ProseMostlyRepeated = "PROSE_MOSTLY_REPEATED";

    /// <summary>Every code above, for documentation and tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TrialFormat2019, FieldNotFound,
        CountBlank, CountPlaceholder, CountTextNumber, CountNotInteger, CountNegative, CountChineseNumeral, CountNotANumber, CountTooLarge,
        FeeBlank, FeePlaceholder, FeeTextNumber, FeeNegative, FeeTooManyDecimals, FeeChineseNumeral, FeeNotANumber, FeeTooLarge,
        RequiredBlank, TextNotText, TextTooLong, YearFormat, YearAfterPublication, ProseEmpty,
        CreditCodeFormat, CreditCodeCheck,
        BalanceR1, SumResultsTotal, SumRowTotal, SumReviewTotal,
        ProseFigureMismatch, ProblemsNotDescribed, FeeNoticeContradicted,
        ProseCopiedFromPrevious, PublishedLate, ProcessingFeeNotMentioned, OverviewYearMismatch, ProseNamesOtherGovernment,
        CarriedOverMismatch, InForceMismatch, FigureJump, ProseMostlyRepeated,
    ];
}
