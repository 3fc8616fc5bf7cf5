using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>
/// Warnings against the body's report for the year before (the previous publication the pipeline looks up, as
/// for <see cref="FindingCodes.ProseCopiedFromPrevious"/>): carry-over, documents in force, sudden jumps, and a
/// text mostly repeated. They warn, never reject: a correction of last year's report can explain each of them.
/// </summary>
internal static class PreviousYearRules
{
    /// <summary>A change is a jump only from a base of at least this much (small counts move a lot).</summary>
    public const int JumpBase = 20;

    /// <summary>More than this share of this year's text in sentences repeated from last year is reported.</summary>
    public const double MaxRepeatedShare = 0.5;

    /// <summary>
    /// <see cref="FindingCodes.CarriedOverMismatch"/>: 二、上年结转 this year should be last year's 四、结转下年度, column by
    /// column. The 总计 column is reported only when no single column is (it follows from them).
    /// </summary>
    public static void CarriedOver(ParsedWorkbook workbook, TableFigures tables, AnnualReport previous, List<Finding> warnings)
    {
        var found = 0;
        foreach (var column in Enum.GetValues<ApplicantColumn>())
        {
            if (column == ApplicantColumn.Total && found > 0) break;
            if (tables.Value(TableBRow.CarriedOver, column) is not { } carriedOver
                || workbook[ReportFields.TableB(TableBRow.CarriedOver, column)] is not { } cell) continue;
            var forward = previous.Applications[TableBRow.CarriedForward, column];
            if (carriedOver == forward) continue;
            found++;
            var label = NationalFormat.ApplicantColumns[(int)column].Label;
            warnings.Add(new Finding(FindingCodes.CarriedOverMismatch, Severity.Warning, cell.At.Sheet, cell.At.Address,
                $"{cell.At}（二、上年结转政府信息公开申请数量 / {label}）：填写 {carriedOver}，但{previous.Year}年度报告的" +
                $"“四、结转下年度继续办理”（{label}）为 {forward}。上年结转的申请应等于上一年度结转下来的申请，请核对",
                Expected: CellValues.Format(forward), Actual: CellValues.Format(carriedOver)));
        }
    }

    /// <summary>
    /// <see cref="FindingCodes.InForceMismatch"/>: 现行有效 should be last year's 现行有效 + 本年制发 − 本年废止
    /// (for 规章 and for 行政规范性文件).
    /// </summary>
    public static void InForce(ParsedWorkbook workbook, IReadOnlyDictionary<string, int?> tableA, AnnualReport previous, List<Finding> warnings)
    {
        foreach (var (item, label, last) in new[]
                 {
                     (ReportFields.RulesItem, NationalFormat.Rules, previous.ActiveDisclosure.Rules),
                     (ReportFields.NormativeItem, NationalFormat.NormativeDocuments, previous.ActiveDisclosure.NormativeDocuments),
                 })
        {
            int? Get(string column) => tableA.TryGetValue(ReportFields.TableA(item, column), out var v) ? v : null;
            if (Get(ReportFields.IssuedColumn) is not { } issued || Get(ReportFields.RepealedColumn) is not { } repealed
                || Get(ReportFields.InForceColumn) is not { } inForce
                || workbook[ReportFields.TableA(item, ReportFields.InForceColumn)] is not { } cell) continue;
            var expected = (long)last.InForce + issued - repealed;
            if (inForce == expected) continue;
            warnings.Add(new Finding(FindingCodes.InForceMismatch, Severity.Warning, cell.At.Sheet, cell.At.Address,
                $"{cell.At}（{label} / {NationalFormat.InForce}）：填写 {inForce}，但按{previous.Year}年度报告的现行有效 {last.InForce}" +
                $" + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected}。如有文件到期失效或经清理宣布失效，属正常情况，请核实",
                Expected: expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Actual: CellValues.Format(inForce)));
        }
    }

    /// <summary>
    /// <see cref="FindingCodes.FigureJump"/>: a table figure that changes more than fivefold, or to or from zero,
    /// where the larger of the two years is at least <see cref="JumpBase"/> (a fee typed in 元 instead of 万元 shows up here).
    /// </summary>
    public static void Jumps(ParsedWorkbook workbook, IReadOnlyDictionary<string, int?> tableA, decimal? fee, TableFigures tables,
        IReadOnlyDictionary<(ReviewGroup, ReviewOutcome), int?> tableC, AnnualReport previous, List<Finding> warnings)
    {
        var last = previous.ActiveDisclosure;
        var figures = new List<(string FieldId, decimal? Now, decimal Then)>(TableAJumpFields.Length + TableB.RowCount + 3);
        decimal[] lastA =
        [
            last.Rules.Issued, last.Rules.Repealed, last.Rules.InForce,
            last.NormativeDocuments.Issued, last.NormativeDocuments.Repealed, last.NormativeDocuments.InForce,
            last.LicensingDecisions, last.PenaltyDecisions, last.EnforcementDecisions,
        ];
        for (var i = 0; i < lastA.Length; i++)
        {
            var id = TableAJumpFields[i];
            figures.Add((id, tableA.TryGetValue(id, out var v) ? v : null, lastA[i]));
        }
        figures.Add((FeeField, fee, last.FeesTenThousandYuan));
        foreach (var row in Enum.GetValues<TableBRow>())
        {
            figures.Add((TableFigures.TableBId(row, ApplicantColumn.Total), tables.Value(row, ApplicantColumn.Total),
                previous.Applications[row, ApplicantColumn.Total]));
        }
        foreach (var group in Enum.GetValues<ReviewGroup>())
        {
            figures.Add((TableCTotalFields[(int)group],
                tableC.TryGetValue((group, ReviewOutcome.Total), out var v) ? v : null, previous.ReviewsAndLitigation[group].Total));
        }

        foreach (var (fieldId, now, then) in figures)
        {
            if (now is not { } value || workbook[fieldId] is not { } cell) continue;
            var (small, large) = value < then ? (value, then) : (then, value);
            if (large < JumpBase || (small != 0 && large <= small * 5)) continue;
            var how = small == 0 ? (value == 0 ? "变为 0" : "从 0 起") : $"变化超过 5 倍";
            warnings.Add(new Finding(FindingCodes.FigureJump, Severity.Warning, cell.At.Sheet, cell.At.Address,
                $"{cell.At}（{ReportFields.Get(fieldId).Description}）：{previous.Year}年度为 {Show(then)}，本年度为 {Show(value)}，{how}。" +
                (fieldId == FeeField ? "金额单位是万元，请确认没有按元填写；" : "") +
                "请核实数据无误",
                Expected: Show(then), Actual: Show(value)));
        }
    }

    // The counts of table A in the order of lastA above, the fee, and the three totals of table C.
    private static readonly string[] TableAJumpFields =
    [
        ReportFields.TableA(ReportFields.RulesItem, ReportFields.IssuedColumn),
        ReportFields.TableA(ReportFields.RulesItem, ReportFields.RepealedColumn),
        ReportFields.TableA(ReportFields.RulesItem, ReportFields.InForceColumn),
        ReportFields.TableA(ReportFields.NormativeItem, ReportFields.IssuedColumn),
        ReportFields.TableA(ReportFields.NormativeItem, ReportFields.RepealedColumn),
        ReportFields.TableA(ReportFields.NormativeItem, ReportFields.InForceColumn),
        ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn),
        ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn),
        ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn),
    ];

    private static readonly string FeeField = ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn);

    private static readonly string[] TableCTotalFields =
        Enum.GetValues<ReviewGroup>().Select(g => ReportFields.TableC(g, ReviewOutcome.Total)).ToArray();

    /// <summary>
    /// <see cref="FindingCodes.ProseMostlyRepeated"/>: more than half of this year's text (一, 五 and 六 together)
    /// is in sentences found word for word in last year's report. Extends the paragraph-level
    /// <see cref="FindingCodes.ProseCopiedFromPrevious"/> to text copied with light edits or reshuffled.
    /// </summary>
    public static Finding? MostlyRepeated(RawCell? cell, IReadOnlyList<ProseSection> current, AnnualReport previous)
    {
        // Sentences are compared by a 64-bit hash of their text without whitespace: no copies of the text.
        var earlier = new HashSet<(int, int)>();
        foreach (var section in new[] { previous.Overview, previous.Problems, previous.OtherMatters })
        {
            ForEachSentence(section, (hash, _) => earlier.Add(hash));
        }
        long total = 0, repeated = 0;
        foreach (var section in current)
        {
            ForEachSentence(section, (hash, length) =>
            {
                total += length;
                if (earlier.Contains(hash)) repeated += length;
            });
        }
        if (total == 0 || repeated <= total * MaxRepeatedShare) return null;
        var share = (int)Math.Round(100.0 * repeated / total);
        return new Finding(FindingCodes.ProseMostlyRepeated, Severity.Warning, cell?.At.Sheet ?? "", cell?.At.Address ?? "",
            $"{(cell is null ? "" : $"{cell.At}：")}正文（一、五、六部分合计）有 {share}% 的文字与{previous.Year}年度报告逐句相同。" +
            "照搬上年内容是年度报告最常被指出的问题，请据实更新",
            Expected: $"≤ {(int)(MaxRepeatedShare * 100)}%", Actual: $"{share}%");
    }

    // Each sentence of at least 8 non-space characters (shorter ones are headings and stock phrases) as
    // (hash, length) and its length; two independent hashes make a false match practically impossible.
    private static void ForEachSentence(ProseSection section, Action<(int, int), int> visit)
    {
        foreach (var block in section.Blocks)
        {
            foreach (var (start, end) in ProseText.Sentences(block.Text))
            {
                var first = new HashCode();
                var second = 17;
                var length = 0;
                foreach (var c in block.Text.AsSpan(start, end - start))
                {
                    if (char.IsWhiteSpace(c)) continue;
                    first.Add(c);
                    second = unchecked(second * 31 + c);
                    length++;
                }
                if (length >= 8) visit((first.ToHashCode(), second), length);
            }
        }
    }

    private static string Show(decimal value) => value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
