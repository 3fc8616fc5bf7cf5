using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// The 勾稽关系 R1–R4 of tables B and C, checked exactly. A rule is skipped when one of its
/// cells is missing or not a valid count (that cell already has its own error), and also when a
/// total it uses sums over such a cell: in the template totals are formulas, so a bad cell makes
/// Excel's sum wrong too, and reporting that consequence would send the clerk to the wrong cell.
/// </summary>
internal static class ConsistencyRules
{
    private static readonly ApplicantColumn[] LegalPersonColumns =
        NationalFormat.ApplicantColumns.Where(c => c.IsLegalPerson).Select(c => c.Column).ToArray();

    private static readonly ApplicantColumn[] AllColumns = Enum.GetValues<ApplicantColumn>();

    private static readonly TableBRow[] ResultRows =
        NationalFormat.TableBRows.Where(r => r.Kind == TableBRowKind.Result).Select(r => r.Row).ToArray();

    /// <summary>Table B values as read (null = missing or invalid), indexed like <see cref="TableB"/>.</summary>
    public sealed class TableBValues
    {
        private readonly int?[] _cells = new int?[TableB.RowCount * TableB.ColumnCount];

        public int? this[TableBRow row, ApplicantColumn column]
        {
            get => _cells[(int)row * TableB.ColumnCount + (int)column];
            set => _cells[(int)row * TableB.ColumnCount + (int)column] = value;
        }

        /// <summary>The value, or null when it or (for a total) any cell it sums over is missing or invalid.</summary>
        public int? Trusted(TableBRow row, ApplicantColumn column)
        {
            if (this[row, column] is not { } value) return null;
            var isRowTotal = column == ApplicantColumn.Total;
            var isResultsTotal = row == TableBRow.ResultsTotal;
            // Plain loops: the prose rules ask this for many cells on every validation.
            if (isRowTotal && !isResultsTotal)
            {
                foreach (var c in AllColumns)
                {
                    if (this[row, c] is null) return null;
                }
            }
            if (isResultsTotal)
            {
                foreach (var r in ResultRows)
                {
                    if (isRowTotal)
                    {
                        foreach (var c in AllColumns)
                        {
                            if (this[r, c] is null) return null;
                        }
                    }
                    else if (this[r, column] is null)
                    {
                        return null;
                    }
                }
            }
            return value;
        }
    }

    public static void CheckTableB(ParsedWorkbook workbook, TableBValues b, List<Finding> errors)
    {
        foreach (var column in Enum.GetValues<ApplicantColumn>())
        {
            CheckR1(workbook, b, column, errors);
            CheckR2(workbook, b, column, errors);
        }
        foreach (var row in Enum.GetValues<TableBRow>())
        {
            CheckR3(workbook, b, row, errors);
        }
    }

    // R1: 一 + 二 = 三（七）总计 + 四, reported at 四、结转下年度继续办理 of the column.
    private static void CheckR1(ParsedWorkbook workbook, TableBValues b, ApplicantColumn column, List<Finding> errors)
    {
        if (b.Trusted(TableBRow.NewlyReceived, column) is not { } received || b.Trusted(TableBRow.CarriedOver, column) is not { } carriedOver
            || b.Trusted(TableBRow.ResultsTotal, column) is not { } handled || b.Trusted(TableBRow.CarriedForward, column) is not { } forward
            || workbook[ReportFields.TableB(TableBRow.CarriedForward, column)] is not { } cell)
        {
            return;
        }
        long left = (long)received + carriedOver, right = (long)handled + forward;
        if (left == right) return;
        var remainder = left - handled;
        var hint = remainder >= 0 ? $"，按此结转下年度应为 {remainder}" : "，办理结果总计已超过收到的申请数";
        errors.Add(new Finding(FindingCodes.BalanceR1, Severity.Error, cell.At.Sheet, cell.At.Address,
            $"{cell.At}：{ColumnLabel(column)}列应满足“第一项加第二项之和，等于第三项加第四项之和”：" +
            $"本年新收 {received} + 上年结转 {carriedOver} = {left}，但办理结果总计 {handled} + 结转下年度 {forward} = {right}{hint}",
            Expected: left.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Actual: right.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    // R2: （七）总计 = the sum of all 办理结果 rows.
    private static void CheckR2(ParsedWorkbook workbook, TableBValues b, ApplicantColumn column, List<Finding> errors)
    {
        if (b[TableBRow.ResultsTotal, column] is not { } total
            || workbook[ReportFields.TableB(TableBRow.ResultsTotal, column)] is not { } cell)
        {
            return;
        }
        long sum = 0;
        foreach (var row in ResultRows)
        {
            if (b.Trusted(row, column) is not { } value) return;
            sum += value;
        }
        if (sum == total) return;
        errors.Add(Mismatch(FindingCodes.SumResultsTotal, cell,
            $"（七）总计（{ColumnLabel(column)}）应为 {sum}（（一）至（六）各项办理结果之和），实际填写 {total}", sum, total));
    }

    // R3: 总计 = 自然人 + the five 法人或其他组织 columns.
    private static void CheckR3(ParsedWorkbook workbook, TableBValues b, TableBRow row, List<Finding> errors)
    {
        if (b[row, ApplicantColumn.Total] is not { } total || b.Trusted(row, ApplicantColumn.NaturalPerson) is not { } natural
            || workbook[ReportFields.TableB(row, ApplicantColumn.Total)] is not { } cell)
        {
            return;
        }
        long legal = 0;
        foreach (var column in LegalPersonColumns)
        {
            if (b.Trusted(row, column) is not { } value) return;
            legal += value;
        }
        var sum = natural + legal;
        if (sum == total) return;
        errors.Add(Mismatch(FindingCodes.SumRowTotal, cell,
            $"总计应为 {sum}（自然人 {natural} + 法人或其他组织 {legal}），实际填写 {total}", sum, total));
    }

    // R4: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, for each group of table C.
    public static void CheckTableC(ParsedWorkbook workbook, IReadOnlyDictionary<(ReviewGroup, ReviewOutcome), int?> c, List<Finding> errors)
    {
        foreach (var group in NationalFormat.ReviewGroups)
        {
            int? Get(ReviewOutcome outcome) => c.TryGetValue((group.Group, outcome), out var v) ? v : null;
            if (Get(ReviewOutcome.Upheld) is not { } upheld || Get(ReviewOutcome.Corrected) is not { } corrected
                || Get(ReviewOutcome.Other) is not { } other || Get(ReviewOutcome.Pending) is not { } pending
                || Get(ReviewOutcome.Total) is not { } total
                || workbook[ReportFields.TableC(group.Group, ReviewOutcome.Total)] is not { } cell)
            {
                continue;
            }
            long sum = (long)upheld + corrected + other + pending;
            if (sum == total) continue;
            var labels = NationalFormat.ReviewOutcomeLabels;
            errors.Add(Mismatch(FindingCodes.SumReviewTotal, cell,
                $"{group.Label}总计应为 {sum}（{labels[0]} {upheld} + {labels[1]} {corrected} + {labels[2]} {other} + {labels[3]} {pending}），实际填写 {total}",
                sum, total));
        }
    }

    private static string ColumnLabel(ApplicantColumn column) => NationalFormat.ApplicantColumns[(int)column].Label;

    private static Finding Mismatch(string code, RawCell cell, string text, long expected, long actual) =>
        new(code, Severity.Error, cell.At.Sheet, cell.At.Address, $"{cell.At}：{text}",
            expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            actual.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
