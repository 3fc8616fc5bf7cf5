using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Workbook;

public enum TemplateCellKind { Title, Note, Header, Label, GroupLabel, Input, Total }

/// <summary>One cell of the template: fixed text (title, note, header, label), an input cell for a field, or a total formula.</summary>
public sealed record TemplateCell(int Row, int Column, TemplateCellKind Kind, string? Text = null, string? FieldId = null,
    IReadOnlyList<string>? SumOf = null)
{
    public string Address => CellAddress.ToA1(Row, Column);
}

public sealed record CellSpan(int FromRow, int FromColumn, int ToRow, int ToColumn)
{
    public string Reference => FromRow == ToRow && FromColumn == ToColumn
        ? CellAddress.ToA1(FromRow, FromColumn)
        : $"{CellAddress.ToA1(FromRow, FromColumn)}:{CellAddress.ToA1(ToRow, ToColumn)}";
}

/// <summary>One sheet of the template: cells, merges, column widths (characters), row heights (points), frozen panes.</summary>
public sealed class TemplateSheet(string name, double[] columnWidths, int frozenRows, int frozenColumns = 0)
{
    public string Name { get; } = name;
    public IReadOnlyList<double> ColumnWidths { get; } = columnWidths;
    public int FrozenRows { get; } = frozenRows;
    public int FrozenColumns { get; } = frozenColumns;
    public List<TemplateCell> Cells { get; } = [];
    public List<CellSpan> Merges { get; } = [];
    public Dictionary<int, double> RowHeights { get; } = [];

    internal TemplateCell Add(int row, int column, TemplateCellKind kind, string? text = null, string? fieldId = null,
        IReadOnlyList<string>? sumOf = null, int rowSpan = 1, int colSpan = 1)
    {
        var cell = new TemplateCell(row, column, kind, text, fieldId, sumOf);
        Cells.Add(cell);
        if (rowSpan > 1 || colSpan > 1) Merges.Add(new CellSpan(row, column, row + rowSpan - 1, column + colSpan - 1));
        return cell;
    }
}

/// <summary>
/// Where everything sits in the clerk's template. Sheets are named so that findings read like
/// <c>三!H7</c>: 基本信息, 一 (总体情况), 二 (table A), 三 (table B), 四 (table C), 五, 六.
/// The reader does not use these positions (it finds fields by label); tests and the writer do.
/// </summary>
public static class TemplateLayout
{
    public const string InfoSheet = "基本信息";
    public const string OverviewSheet = "一";
    public const string TableASheet = "二";
    public const string TableBSheet = "三";
    public const string TableCSheet = "四";
    public const string ProblemsSheet = "五";
    public const string OtherSheet = "六";

    public const string InputNote = "请在浅黄色单元格内填写；其余单元格已锁定。合计（总计）由公式自动计算。没有发生的事项请填 0，不要留空或填“/”。";
    public const string ProseNote = "在右侧单元格内填写本部分全文：每段占一行（单元格内换行：Alt+Enter），小标题如“（一）主动公开”单独成行。";

    public static IReadOnlyList<TemplateSheet> Sheets { get; } = Build();

    /// <summary>Field id → the template cell holding it (inputs and totals).</summary>
    public static IReadOnlyDictionary<string, CellLocation> FieldCells { get; } = Sheets
        .SelectMany(s => s.Cells.Where(c => c.FieldId is not null).Select(c => (s.Name, Cell: c)))
        .ToDictionary(x => x.Cell.FieldId!, x => new CellLocation(x.Name, x.Cell.Address));

    private static List<TemplateSheet> Build() =>
    [
        BuildInfo(),
        BuildProse(OverviewSheet, NationalFormat.Labels.Overview, ReportFields.Overview),
        BuildTableA(),
        BuildTableB(),
        BuildTableC(),
        BuildProse(ProblemsSheet, NationalFormat.Labels.Problems, ReportFields.Problems),
        BuildProse(OtherSheet, NationalFormat.Labels.Other, ReportFields.Other),
    ];

    private static TemplateSheet BuildInfo()
    {
        var sheet = new TemplateSheet(InfoSheet, [16, 90], frozenRows: 2);
        sheet.Add(0, 0, TemplateCellKind.Title, "政府信息公开工作年度报告 · 基本信息", colSpan: 2);
        sheet.Add(1, 0, TemplateCellKind.Note, InputNote, colSpan: 2);
        sheet.RowHeights[0] = 30;
        sheet.RowHeights[1] = 36;
        var fields = new (string Label, string Id)[]
        {
            (NationalFormat.Labels.Body, ReportFields.Body),
            (NationalFormat.Labels.Year, ReportFields.Year),
            (NationalFormat.Labels.Address, ReportFields.Address),
            (NationalFormat.Labels.Postcode, ReportFields.Postcode),
            (NationalFormat.Labels.Phone, ReportFields.Phone),
            (NationalFormat.Labels.Website, ReportFields.Website),
            (NationalFormat.Labels.Preface, ReportFields.Preface),
            // Optional, last so that every cell above keeps the address it had before the field existed.
            (NationalFormat.Labels.CreditCode, ReportFields.CreditCode),
        };
        for (var i = 0; i < fields.Length; i++)
        {
            var row = 2 + i;
            sheet.Add(row, 0, TemplateCellKind.Label, fields[i].Label);
            sheet.Add(row, 1, TemplateCellKind.Input, fieldId: fields[i].Id);
            sheet.RowHeights[row] = fields[i].Id == ReportFields.Preface ? 120 : 22;
        }
        return sheet;
    }

    private static TemplateSheet BuildProse(string sheetName, string label, string fieldId)
    {
        var sheet = new TemplateSheet(sheetName, [16, 110], frozenRows: 1);
        sheet.Add(0, 0, TemplateCellKind.Note, ProseNote, colSpan: 2);
        sheet.RowHeights[0] = 36;
        sheet.Add(1, 0, TemplateCellKind.Label, label);
        sheet.Add(1, 1, TemplateCellKind.Input, fieldId: fieldId);
        sheet.RowHeights[1] = 409; // Excel's maximum row height
        return sheet;
    }

    /// <summary>Table A as in the format: four blocks, each with its own header row; single-value rows span three columns.</summary>
    private static TemplateSheet BuildTableA()
    {
        var sheet = new TemplateSheet(TableASheet, [26, 18, 18, 18], frozenRows: 1);
        sheet.Add(0, 0, TemplateCellKind.Title, NationalFormat.Section2, colSpan: 4);
        sheet.RowHeights[0] = 30;
        var row = 1;

        void Block(string heading) { sheet.Add(row, 0, TemplateCellKind.Header, heading, colSpan: 4); sheet.RowHeights[row] = 22; row++; }

        Block(NationalFormat.TableABlock1);
        sheet.Add(row, 0, TemplateCellKind.Header, NationalFormat.TableAItemHeader);
        sheet.Add(row, 1, TemplateCellKind.Header, NationalFormat.Issued);
        sheet.Add(row, 2, TemplateCellKind.Header, NationalFormat.Repealed);
        sheet.Add(row, 3, TemplateCellKind.Header, NationalFormat.InForce);
        sheet.RowHeights[row++] = 22;
        foreach (var (label, item) in new[] { (NationalFormat.Rules, ReportFields.RulesItem), (NationalFormat.NormativeDocuments, ReportFields.NormativeItem) })
        {
            sheet.Add(row, 0, TemplateCellKind.Label, label);
            sheet.Add(row, 1, TemplateCellKind.Input, fieldId: ReportFields.TableA(item, ReportFields.IssuedColumn));
            sheet.Add(row, 2, TemplateCellKind.Input, fieldId: ReportFields.TableA(item, ReportFields.RepealedColumn));
            sheet.Add(row, 3, TemplateCellKind.Input, fieldId: ReportFields.TableA(item, ReportFields.InForceColumn));
            sheet.RowHeights[row++] = 22;
        }

        void SingleValueBlock(string heading, string columnHeader, params (string Label, string Id)[] items)
        {
            Block(heading);
            sheet.Add(row, 0, TemplateCellKind.Header, NationalFormat.TableAItemHeader);
            sheet.Add(row, 1, TemplateCellKind.Header, columnHeader, colSpan: 3);
            sheet.RowHeights[row++] = 22;
            foreach (var (label, id) in items)
            {
                sheet.Add(row, 0, TemplateCellKind.Label, label);
                sheet.Add(row, 1, TemplateCellKind.Input, fieldId: id, colSpan: 3);
                sheet.RowHeights[row++] = 22;
            }
        }

        SingleValueBlock(NationalFormat.TableABlock5, NationalFormat.Decisions,
            (NationalFormat.Licensing, ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)));
        SingleValueBlock(NationalFormat.TableABlock6, NationalFormat.Decisions,
            (NationalFormat.Penalty, ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)),
            (NationalFormat.Enforcement, ReportFields.TableA(ReportFields.EnforcementItem, ReportFields.DecisionsColumn)));
        SingleValueBlock(NationalFormat.TableABlock8, NationalFormat.FeeAmount,
            (NationalFormat.Fees, ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn)));
        return sheet;
    }

    public const int TableBFirstDataRow = 4; // zero-based: row 5 in Excel
    public const int TableBFirstNumberColumn = 3; // column D

    /// <summary>Table B: corner cell over three header rows, 申请人情况 over 法人或其他组织 over five columns; 25 rows.</summary>
    private static TemplateSheet BuildTableB()
    {
        double[] widths = [6, 16, 44, 10, 10, 10, 10, 10, 10, 10];
        var sheet = new TemplateSheet(TableBSheet, widths, frozenRows: 4, frozenColumns: 3);
        sheet.Add(0, 0, TemplateCellKind.Title, NationalFormat.Section3, colSpan: 10);
        sheet.RowHeights[0] = 30;
        sheet.Add(1, 0, TemplateCellKind.Header, NationalFormat.TableBCorner, rowSpan: 3, colSpan: 3);
        var columns = NationalFormat.ApplicantColumns;
        const int firstNumber = TableBFirstNumberColumn;
        sheet.Add(1, firstNumber, TemplateCellKind.Header, NationalFormat.ApplicantHeader, colSpan: 7);
        sheet.Add(2, firstNumber, TemplateCellKind.Header, columns[0].Label, rowSpan: 2);
        sheet.Add(2, firstNumber + 1, TemplateCellKind.Header, NationalFormat.LegalPersonsHeader, colSpan: 5);
        sheet.Add(2, firstNumber + 6, TemplateCellKind.Header, columns[6].Label, rowSpan: 2);
        for (var i = 1; i <= 5; i++) sheet.Add(3, firstNumber + i, TemplateCellKind.Header, columns[i].Label);
        sheet.RowHeights[1] = 24;
        sheet.RowHeights[2] = 24;
        sheet.RowHeights[3] = 30;

        var rows = NationalFormat.TableBRows;
        int RowOf(TableBRow r) => TableBFirstDataRow + (int)r;
        var resultRows = rows.Where(r => r.Kind == TableBRowKind.Result).ToList();
        string? currentGroup = null;
        foreach (var info in rows)
        {
            var row = RowOf(info.Row);
            if (info.Kind == TableBRowKind.Top)
            {
                sheet.Add(row, 0, TemplateCellKind.Label, info.Label, colSpan: 3);
            }
            else
            {
                if (info.Row == TableBRow.Granted)
                {
                    var span = rows.Count(r => r.Kind != TableBRowKind.Top);
                    sheet.Add(row, 0, TemplateCellKind.GroupLabel, NationalFormat.ResultsGroup, rowSpan: span);
                }
                if (info.Group is null)
                {
                    sheet.Add(row, 1, TemplateCellKind.Label, info.Label, colSpan: 2);
                }
                else
                {
                    if (info.Group != currentGroup)
                    {
                        sheet.Add(row, 1, TemplateCellKind.GroupLabel, info.Group, rowSpan: rows.Count(r => r.Group == info.Group));
                    }
                    sheet.Add(row, 2, TemplateCellKind.Label, info.Label);
                }
            }
            currentGroup = info.Group;
            sheet.RowHeights[row] = info.Label.Length > 20 ? 32 : 20;

            foreach (var column in columns)
            {
                var id = ReportFields.TableB(info.Row, column.Column);
                var col = firstNumber + (int)column.Column;
                if (column.Column == ApplicantColumn.Total)
                {
                    var parts = columns.Where(c => c.Column != ApplicantColumn.Total).Select(c => ReportFields.TableB(info.Row, c.Column)).ToList();
                    sheet.Add(row, col, TemplateCellKind.Total, fieldId: id, sumOf: parts);
                }
                else if (info.Kind == TableBRowKind.ResultsTotal)
                {
                    sheet.Add(row, col, TemplateCellKind.Total, fieldId: id,
                        sumOf: resultRows.Select(r => ReportFields.TableB(r.Row, column.Column)).ToList());
                }
                else
                {
                    sheet.Add(row, col, TemplateCellKind.Input, fieldId: id);
                }
            }
        }
        return sheet;
    }

    /// <summary>Table C: 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉; one row of 15 numbers.</summary>
    private static TemplateSheet BuildTableC()
    {
        var sheet = new TemplateSheet(TableCSheet, Enumerable.Repeat(10.0, 15).ToArray(), frozenRows: 4);
        sheet.Add(0, 0, TemplateCellKind.Title, NationalFormat.Section4, colSpan: 15);
        sheet.RowHeights[0] = 30;
        sheet.Add(1, 0, TemplateCellKind.Header, NationalFormat.AdministrativeReviewHeader, colSpan: 5);
        sheet.Add(1, 5, TemplateCellKind.Header, NationalFormat.LitigationHeader, colSpan: 10);
        sheet.Add(2, 5, TemplateCellKind.Header, NationalFormat.LitigationDirectHeader, colSpan: 5);
        sheet.Add(2, 10, TemplateCellKind.Header, NationalFormat.LitigationAfterReviewHeader, colSpan: 5);
        var outcomes = Enum.GetValues<ReviewOutcome>();
        foreach (var group in NationalFormat.ReviewGroups)
        {
            var first = (int)group.Group * 5;
            foreach (var outcome in outcomes)
            {
                var col = first + (int)outcome;
                var label = NationalFormat.ReviewOutcomeLabels[(int)outcome];
                if (group.Group == ReviewGroup.AdministrativeReview) sheet.Add(2, col, TemplateCellKind.Header, label, rowSpan: 2);
                else sheet.Add(3, col, TemplateCellKind.Header, label);
                var id = ReportFields.TableC(group.Group, outcome);
                if (outcome == ReviewOutcome.Total)
                {
                    sheet.Add(4, col, TemplateCellKind.Total, fieldId: id,
                        sumOf: outcomes.Where(o => o != ReviewOutcome.Total).Select(o => ReportFields.TableC(group.Group, o)).ToList());
                }
                else
                {
                    sheet.Add(4, col, TemplateCellKind.Input, fieldId: id);
                }
            }
        }
        sheet.RowHeights[1] = 24;
        sheet.RowHeights[2] = 24;
        sheet.RowHeights[3] = 24;
        sheet.RowHeights[4] = 24;
        return sheet;
    }
}
