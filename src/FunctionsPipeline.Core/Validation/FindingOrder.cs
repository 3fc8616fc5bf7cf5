using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// Sorts findings the way a clerk walks the workbook: whole-file findings first, then sheet by
/// sheet in the order the report uses them (基本信息, 一 … 六 in the template), inside a sheet by row
/// then column (D9 before D10).
/// </summary>
internal static class FindingOrder
{
    // Fields in report order: basic information, 一, 二 (table A), 三 (B), 四 (C), 五, 六.
    private static readonly FieldDef[] FieldsInReportOrder = ReportFields.All.OrderBy(f => f.Id switch
    {
        ReportFields.Overview => 1,
        ReportFields.Problems => 5,
        ReportFields.Other => 6,
        _ when f.Id.StartsWith("A.", StringComparison.Ordinal) => 2,
        _ when f.Id.StartsWith("B.", StringComparison.Ordinal) => 3,
        _ when f.Id.StartsWith("C.", StringComparison.Ordinal) => 4,
        _ => 0,
    }).ToArray();

    public static List<Finding> Sort(IEnumerable<Finding> findings, ParsedWorkbook? workbook)
    {
        var sheetRank = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = -1 };
        if (workbook is not null)
        {
            foreach (var field in FieldsInReportOrder)
            {
                if (workbook[field.Id] is { } cell) sheetRank.TryAdd(cell.At.Sheet, sheetRank.Count);
            }
        }
        return findings
            .OrderBy(f => sheetRank.TryGetValue(f.Sheet, out var rank) ? rank : int.MaxValue)
            .ThenBy(f => f.Sheet, StringComparer.Ordinal)
            .ThenBy(f => ParseAddress(f.Cell).Row)
            .ThenBy(f => ParseAddress(f.Cell).Column)
            .ThenBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A1 address to (row, column), both 1-based; (0, 0) for an empty or unreadable address.</summary>
    public static (int Row, int Column) ParseAddress(string address)
    {
        var column = 0;
        var i = 0;
        for (; i < address.Length && char.IsAsciiLetter(address[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(address[i]) - 'A' + 1);
        }
        var row = 0;
        for (; i < address.Length && char.IsAsciiDigit(address[i]); i++)
        {
            row = row * 10 + (address[i] - '0');
        }
        return i == address.Length && row > 0 && column > 0 ? (row, column) : (0, 0);
    }
}
