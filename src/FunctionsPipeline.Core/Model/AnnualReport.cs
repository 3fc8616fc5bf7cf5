using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FunctionsPipeline.Core.Model;

/// <summary>One validated annual report (政府信息公开工作年度报告), exactly the national format.</summary>
public sealed record AnnualReport(
    string Body,
    int Year,
    ContactDetails Contact,
    ProseSection Preface,
    ProseSection Overview,          // 一、总体情况
    TableA ActiveDisclosure,        // 二
    TableB Applications,            // 三
    TableC ReviewsAndLitigation,    // 四
    ProseSection Problems,          // 五、存在的主要问题及改进情况
    ProseSection OtherMatters)      // 六、其他需要报告的事项
{
    public string Title => NationalFormat.Title(Body, Year);

    /// <summary>
    /// The body's 统一社会信用代码 (optional template field, check character verified), or null. Left out of report.json
    /// when null, so reports without one keep the bytes (and content hash) they had before the field existed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreditCode { get; init; }
}

public sealed record ContactDetails(string Address, string Postcode, string Phone, string Website);

public enum ProseBlockKind { SubHeading, Paragraph }

public sealed record ProseBlock(ProseBlockKind Kind, string Text);

/// <summary>Prose as a list of paragraphs, with sub-headings such as （一）主动公开 kept as structure.</summary>
public sealed partial record ProseSection(ValueList<ProseBlock> Blocks)
{
    public static ProseSection Empty { get; } = new(ValueList<ProseBlock>.Empty);

    public bool IsEmpty => Blocks.Count == 0;

    /// <summary>
    /// Splits cell text into blocks: one block per non-empty line. A short line that starts with
    /// an enumerator such as （一） is a sub-heading; a long one is a paragraph with a run-in heading.
    /// </summary>
    public static ProseSection FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Empty;
        var blocks = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            .Select(line => line.Trim().Trim('\u3000'))
            .Where(line => line.Length > 0)
            .Select(line => new ProseBlock(IsSubHeading(line) ? ProseBlockKind.SubHeading : ProseBlockKind.Paragraph, line));
        return new ProseSection(blocks.ToValueList());
    }

    /// <summary>The text back as the workbook cell holds it: one block per line.</summary>
    public string ToText() => string.Join("\n", Blocks.Select(b => b.Text));

    public const int MaxSubHeadingLength = 40;

    private static bool IsSubHeading(string line) =>
        line.Length <= MaxSubHeadingLength && SubHeadingStart().IsMatch(line);

    [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]")]
    private static partial Regex SubHeadingStart();
}

/// <summary>Table A — 主动公开政府信息情况. Counts are 件; the fee is 万元.</summary>
public sealed record TableA(
    DocumentCounts Rules,                 // 规章
    DocumentCounts NormativeDocuments,    // 行政规范性文件
    int LicensingDecisions,               // 行政许可
    int PenaltyDecisions,                 // 行政处罚
    int EnforcementDecisions,             // 行政强制
    decimal FeesTenThousandYuan);         // 行政事业性收费 本年收费金额（万元）

public sealed record DocumentCounts(int Issued, int Repealed, int InForce);

/// <summary>Table B — 25 rows × 7 columns of counts, in <see cref="NationalFormat.TableBRows"/> order.</summary>
public sealed record TableB(ValueList<int> Cells)
{
    public const int RowCount = 25;
    public const int ColumnCount = 7;

    public int this[TableBRow row, ApplicantColumn column] => Cells[(int)row * ColumnCount + (int)column];

    public static TableB Create(Func<TableBRow, ApplicantColumn, int> value) =>
        new(Enumerable.Range(0, RowCount * ColumnCount)
            .Select(i => value((TableBRow)(i / ColumnCount), (ApplicantColumn)(i % ColumnCount)))
            .ToValueList());
}

/// <summary>Table C — 行政复议 and the two kinds of 行政诉讼, five counts each.</summary>
public sealed record TableC(ReviewCounts AdministrativeReview, ReviewCounts LitigationWithoutReview, ReviewCounts LitigationAfterReview)
{
    public ReviewCounts this[ReviewGroup group] => group switch
    {
        ReviewGroup.AdministrativeReview => AdministrativeReview,
        ReviewGroup.LitigationWithoutReview => LitigationWithoutReview,
        _ => LitigationAfterReview,
    };
}

public sealed record ReviewCounts(int Upheld, int Corrected, int Other, int Pending, int Total)
{
    public int this[ReviewOutcome outcome] => outcome switch
    {
        ReviewOutcome.Upheld => Upheld,
        ReviewOutcome.Corrected => Corrected,
        ReviewOutcome.Other => Other,
        ReviewOutcome.Pending => Pending,
        _ => Total,
    };
}
