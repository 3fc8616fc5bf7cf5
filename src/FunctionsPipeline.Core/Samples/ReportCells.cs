using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Samples;

/// <summary>
/// Turns a report back into raw cells keyed by <see cref="ReportFields"/> ids, as a parser would
/// return them (counts and the fee as double, text as string). Used to test and benchmark the
/// validator without a workbook file. The cell layout is a plausible stand-in (sheets 基本信息,
/// 二, 三, 四), not necessarily the template's.
/// </summary>
public static class ReportCells
{
    public const string InfoSheet = "基本信息", TableASheet = "二", TableBSheet = "三", TableCSheet = "四";

    /// <summary>Every field's value as a workbook cell would hold it: numbers as double, text as string.</summary>
    public static IReadOnlyDictionary<string, object?> Values(AnnualReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ReportFieldValues.From(report).ToDictionary(kv => kv.Key, kv => kv.Value switch
        {
            int count => (double)count,
            decimal fee => (double)fee,
            var text => text,
        });
    }

    /// <summary>The stand-in location of every field.</summary>
    public static IReadOnlyDictionary<string, CellLocation> Layout { get; } = BuildLayout();

    /// <summary>The report as a parsed workbook: every field present at its stand-in location.</summary>
    public static ParsedWorkbook ToParsedWorkbook(AnnualReport report, string fileName = "report.xlsx") =>
        new(fileName, Values(report).ToDictionary(kv => kv.Key, kv => new RawCell(Layout[kv.Key], kv.Value)), LooksLike2019TrialFormat: false);

    private static Dictionary<string, CellLocation> BuildLayout()
    {
        var layout = new Dictionary<string, CellLocation>();
        string[] info = [ReportFields.Body, ReportFields.Year, ReportFields.Address, ReportFields.Postcode, ReportFields.Phone,
            ReportFields.Website, ReportFields.Preface, ReportFields.Overview, ReportFields.Problems, ReportFields.Other,
            ReportFields.CreditCode];
        for (var i = 0; i < info.Length; i++) layout[info[i]] = new CellLocation(InfoSheet, $"B{i + 2}");

        foreach (var (item, row) in new[] { (ReportFields.RulesItem, 3), (ReportFields.NormativeItem, 4) })
        {
            layout[ReportFields.TableA(item, ReportFields.IssuedColumn)] = new CellLocation(TableASheet, $"B{row}");
            layout[ReportFields.TableA(item, ReportFields.RepealedColumn)] = new CellLocation(TableASheet, $"C{row}");
            layout[ReportFields.TableA(item, ReportFields.InForceColumn)] = new CellLocation(TableASheet, $"D{row}");
        }
        layout[ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)] = new CellLocation(TableASheet, "B7");
        layout[ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)] = new CellLocation(TableASheet, "B10");
        layout[ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn)] = new CellLocation(TableASheet, "B11");
        layout[ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn)] = new CellLocation(TableASheet, "B14");

        // Table B: labels in columns A–C, numbers in D (自然人) … J (总计), first data row 5.
        foreach (var row in Enum.GetValues<TableBRow>())
        {
            foreach (var column in Enum.GetValues<ApplicantColumn>())
            {
                layout[ReportFields.TableB(row, column)] = new CellLocation(TableBSheet, $"{(char)('D' + (int)column)}{(int)row + 5}");
            }
        }
        // Table C: one data row (4), five columns per group from A.
        foreach (var group in Enum.GetValues<ReviewGroup>())
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                layout[ReportFields.TableC(group, outcome)] = new CellLocation(TableCSheet, $"{(char)('A' + (int)group * 5 + (int)outcome)}4");
            }
        }
        return layout;
    }
}
