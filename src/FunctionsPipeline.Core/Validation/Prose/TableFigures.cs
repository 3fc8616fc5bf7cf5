using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>The quantities of the tables that prose quotes (件). The prose names them in its own words.</summary>
internal enum Quantity
{
    Received,           // 本年新收
    ReceivedAll,        // 收到/受理申请: 新收, or 收到申请总量 = 新收 + 上年结转
    CarriedOver,        // 上年结转
    CarriedForward,     // 结转下年度
    Concluded,          // 办结: （七）总计
    Granted, PartiallyGranted, Withheld, Unable, NotProcessed, OtherProcessing,
    Review,             // 行政复议 总计
    Litigation,         // 行政诉讼: both groups together, or either alone
    RulesIssued, RulesRepealed, RulesInForce,
    NormativeIssued, NormativeRepealed, NormativeInForce,
}

/// <summary>One way of reading prose words against the tables: e.g. 收到申请总量 = 新收 74 + 上年结转 1 = 75.</summary>
internal sealed record Reading(string Label, long Value, IReadOnlyList<CellLocation> Cells)
{
    /// <summary>The cells as a clerk reads them; a run of a group's rows as <c>三!J11～J18</c>.</summary>
    public string CellList => Cells.Count > 2 && Cells.All(c => c.Sheet == Cells[0].Sheet)
        ? $"{Cells[0]}～{Cells[^1].Address}"
        : string.Join("、", Cells.Select(c => c.ToString()));
}

/// <summary>
/// The table values the prose is compared with, each only when it can be trusted: the cell was read, has no
/// error of its own, and (for a total) every cell it sums was read. A figure is never compared with a cell
/// the clerk must fix first.
/// </summary>
internal sealed class TableFigures(
    ParsedWorkbook workbook,
    ConsistencyRules.TableBValues tableB,
    IReadOnlyDictionary<(ReviewGroup, ReviewOutcome), int?> tableC,
    IReadOnlyDictionary<string, int?> tableA,
    HashSet<(string Sheet, string Address)> cellsInError)
{
    private const ApplicantColumn Total = ApplicantColumn.Total;

    public int? Value(TableBRow row, ApplicantColumn column) => Trusted(row, column) is { } v ? v.Value : null;

    public CellLocation? Location(string fieldId) => workbook[fieldId]?.At;

    /// <summary>
    /// Every reading of a quantity, or none when any of them cannot be trusted: a figure that matches an untrusted
    /// reading must not be reported as matching no reading, so then nothing is compared.
    /// </summary>
    public List<Reading> ReadingsOf(Quantity quantity)
    {
        var readings = quantity switch
        {
            Quantity.Received => [RowTotal(TableBRow.NewlyReceived, "本年新收申请数量")],
            Quantity.ReceivedAll => ReceivedAll(),
            Quantity.CarriedOver => [RowTotal(TableBRow.CarriedOver, "上年结转申请数量")],
            Quantity.CarriedForward => [RowTotal(TableBRow.CarriedForward, "结转下年度继续办理")],
            Quantity.Concluded => [RowTotal(TableBRow.ResultsTotal, "办理结果总数")],
            Quantity.Granted => [RowTotal(TableBRow.Granted, "（一）予以公开")],
            Quantity.PartiallyGranted => [RowTotal(TableBRow.PartiallyGranted, "（二）部分公开")],
            Quantity.Withheld => [GroupTotal("（三）不予公开")],
            Quantity.Unable => [GroupTotal("（四）无法提供")],
            Quantity.NotProcessed => [GroupTotal("（五）不予处理")],
            Quantity.OtherProcessing => [GroupTotal("（六）其他处理")],
            Quantity.Review => [ReviewTotal(ReviewGroup.AdministrativeReview, "行政复议总计")],
            Quantity.Litigation => Litigation(),
            Quantity.RulesIssued => [TableA(ReportFields.RulesItem, ReportFields.IssuedColumn)],
            Quantity.RulesRepealed => [TableA(ReportFields.RulesItem, ReportFields.RepealedColumn)],
            Quantity.RulesInForce => [TableA(ReportFields.RulesItem, ReportFields.InForceColumn)],
            Quantity.NormativeIssued => [TableA(ReportFields.NormativeItem, ReportFields.IssuedColumn)],
            Quantity.NormativeRepealed => [TableA(ReportFields.NormativeItem, ReportFields.RepealedColumn)],
            Quantity.NormativeInForce => [TableA(ReportFields.NormativeItem, ReportFields.InForceColumn)],
            _ => new List<Reading?>(),
        };
        return readings.Any(r => r is null) ? [] : readings.Select(r => r!).ToList();
    }

    // 收到申请: 新收, or 收到申请总量 = 新收 + 上年结转.
    private List<Reading?> ReceivedAll()
    {
        var received = RowTotal(TableBRow.NewlyReceived, "本年新收申请数量");
        var carried = RowTotal(TableBRow.CarriedOver, "上年结转申请数量");
        if (received is null || carried is null) return [null];
        return [received, new Reading($"收到申请总量（新收 {received.Value} + 上年结转 {carried.Value}）", received.Value + carried.Value,
            [.. received.Cells, .. carried.Cells])];
    }

    // 行政诉讼: both groups together, or either alone.
    private List<Reading?> Litigation()
    {
        var direct = ReviewTotal(ReviewGroup.LitigationWithoutReview, "行政诉讼（未经复议直接起诉）总计");
        var afterReview = ReviewTotal(ReviewGroup.LitigationAfterReview, "行政诉讼（复议后起诉）总计");
        if (direct is null || afterReview is null) return [null];
        return [new Reading($"行政诉讼合计（直接起诉 {direct.Value} + 复议后起诉 {afterReview.Value}）",
            direct.Value + afterReview.Value, [.. direct.Cells, .. afterReview.Cells]), direct, afterReview];
    }

    // Field ids built once: formatting them on every validation showed in the bench.
    private static readonly string[] TableBIds = Enumerable.Range(0, TableB.RowCount * TableB.ColumnCount)
        .Select(i => ReportFields.TableB((TableBRow)(i / TableB.ColumnCount), (ApplicantColumn)(i % TableB.ColumnCount))).ToArray();

    public static string TableBId(TableBRow row, ApplicantColumn column) => TableBIds[(int)row * TableB.ColumnCount + (int)column];

    private (int Value, CellLocation At)? Trusted(TableBRow row, ApplicantColumn column)
    {
        var id = TableBId(row, column);
        return tableB.Trusted(row, column) is { } value && workbook[id] is { } cell && !cellsInError.Contains((cell.At.Sheet, cell.At.Address))
            ? (value, cell.At)
            : null;
    }

    private Reading? RowTotal(TableBRow row, string label) =>
        Trusted(row, Total) is { } t ? new Reading($"{label}（总计栏）", t.Value, [t.At]) : null;

    // （三）…（六）: the group's rows summed in the 总计 column.
    private Reading? GroupTotal(string group)
    {
        long sum = 0;
        var cells = new List<CellLocation>();
        foreach (var row in NationalFormat.TableBRows.Where(r => r.Group == group))
        {
            if (Trusted(row.Row, Total) is not { } t) return null;
            sum += t.Value;
            cells.Add(t.At);
        }
        return new Reading($"{group}各项之和（总计栏）", sum, cells);
    }

    private Reading? ReviewTotal(ReviewGroup group, string label)
    {
        foreach (var outcome in Enum.GetValues<ReviewOutcome>())
        {
            if (!tableC.TryGetValue((group, outcome), out var v) || v is null) return null;
        }
        var cell = workbook[ReportFields.TableC(group, ReviewOutcome.Total)];
        if (cell is null || cellsInError.Contains((cell.At.Sheet, cell.At.Address))) return null;
        return new Reading(label, tableC[(group, ReviewOutcome.Total)]!.Value, [cell.At]);
    }

    private Reading? TableA(string item, string column)
    {
        var id = ReportFields.TableA(item, column);
        if (!tableA.TryGetValue(id, out var v) || v is not { } value || workbook[id] is not { } cell) return null;
        return new Reading(ReportFields.Get(id).Description, value, [cell.At]);
    }

    public static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
