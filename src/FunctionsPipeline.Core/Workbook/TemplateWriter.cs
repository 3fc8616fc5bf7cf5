using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// Writes the clerk's workbook template (.xlsx) with DocumentFormat.OpenXml: official labels,
/// merged headers, borders, widths and heights, frozen headers, sheet protection with only the
/// input cells unlocked, data validation with Chinese prompts, and totals as SUM formulas.
/// </summary>
public static class TemplateWriter
{
    /// <summary>Writes the blank template, or one filled from <paramref name="filled"/> (samples, tests).</summary>
    public static void Write(Stream output, AnnualReport? filled = null) =>
        Write(output, filled is null ? TemplateContent.Blank : new TemplateContent(ReportFieldValues.From(filled)));

    public static void Write(Stream output, TemplateContent content)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(content);
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        document.PackageProperties.Title = "政府信息公开工作年度报告 填报模板";
        document.PackageProperties.Creator = "FunctionsPipeline";

        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = TemplateStyles.Build();
        var strings = new SharedStrings();

        var totals = new TotalCalculator(content);
        var sheets = new Sheets();
        uint sheetId = 1;
        foreach (var layout in TemplateLayout.Sheets)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            worksheetPart.Worksheet = BuildWorksheet(layout, content, totals, strings, isFirst: sheetId == 1);
            sheets.Append(new Sheet { Name = layout.Name, SheetId = sheetId++, Id = workbookPart.GetIdOfPart(worksheetPart) });
        }

        var sharedStringPart = workbookPart.AddNewPart<SharedStringTablePart>();
        sharedStringPart.SharedStringTable = strings.ToTable();

        workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0U }),
            sheets,
            // Excel and WPS recompute every formula when the file is opened.
            new CalculationProperties { CalculationId = 191029U, FullCalculationOnLoad = true });
        workbookPart.Workbook.Save();
    }

    private static Worksheet BuildWorksheet(TemplateSheet layout, TemplateContent content, TotalCalculator totals, SharedStrings strings, bool isFirst)
    {
        var cells = new SortedDictionary<(int Row, int Column), Cell>();

        foreach (var templateCell in layout.Cells)
        {
            var cell = templateCell.Kind switch
            {
                TemplateCellKind.Input => InputCell(templateCell, content, strings),
                TemplateCellKind.Total => TotalCell(templateCell, layout, content, totals, strings),
                _ => TextCell(templateCell.Text ?? string.Empty, StyleFor(templateCell.Kind), strings),
            };
            cell.CellReference = templateCell.Address;
            cells[(templateCell.Row, templateCell.Column)] = cell;
        }

        // Merged areas: every covered cell carries the top-left cell's style so borders are drawn all round.
        foreach (var span in layout.Merges)
        {
            var style = cells[(span.FromRow, span.FromColumn)].StyleIndex?.Value ?? 0U;
            for (var r = span.FromRow; r <= span.ToRow; r++)
            {
                for (var c = span.FromColumn; c <= span.ToColumn; c++)
                {
                    if (r == span.FromRow && c == span.FromColumn) continue;
                    cells[(r, c)] = new Cell { CellReference = CellAddress.ToA1(r, c), StyleIndex = style };
                }
            }
        }

        foreach (var extra in content.ExtraCells ?? [])
        {
            if (extra.Sheet != layout.Name) continue;
            var (row, column) = CellAddress.Parse(extra.Address);
            var style = cells.TryGetValue((row, column), out var existing) ? existing.StyleIndex?.Value ?? 0U : 0U;
            var cell = ValueCell(extra.Value, style, strings);
            cell.CellReference = CellAddress.ToA1(row, column);
            cells[(row, column)] = cell;
        }

        var sheetData = new SheetData();
        var rowIndexes = cells.Keys.Select(k => k.Row).Concat(layout.RowHeights.Keys).Distinct().Order();
        foreach (var r in rowIndexes)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            if (layout.RowHeights.TryGetValue(r, out var height))
            {
                row.Height = height;
                row.CustomHeight = true;
            }
            foreach (var entry in cells.Where(e => e.Key.Row == r)) row.Append(entry.Value);
            sheetData.Append(row);
        }

        var worksheet = new Worksheet();
        // Printing: one page wide (tables in landscape), as many pages tall as needed.
        worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        worksheet.Append(BuildSheetViews(layout, isFirst));
        worksheet.Append(new SheetFormatProperties { DefaultRowHeight = 15 });
        var columns = new Columns();
        for (var i = 0; i < layout.ColumnWidths.Count; i++)
        {
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = layout.ColumnWidths[i], CustomWidth = true });
        }
        worksheet.Append(columns);
        worksheet.Append(sheetData);
        // Protected without a password: it prevents accidents, not determined edits. Rows and columns may be resized.
        worksheet.Append(new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false });
        if (layout.Merges.Count > 0)
        {
            var merges = new MergeCells();
            foreach (var span in layout.Merges) merges.Append(new MergeCell { Reference = span.Reference });
            merges.Count = (uint)layout.Merges.Count;
            worksheet.Append(merges);
        }
        var validations = TemplateValidations.Build(layout);
        if (validations is not null) worksheet.Append(validations);
        worksheet.Append(new PageMargins { Left = 0.6, Right = 0.6, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup
        {
            PaperSize = 9U, // A4
            Orientation = layout.ColumnWidths.Sum() > 100 ? OrientationValues.Landscape : OrientationValues.Portrait,
            FitToWidth = 1U,
            FitToHeight = 0U,
        });
        return worksheet;
    }

    private static SheetViews BuildSheetViews(TemplateSheet layout, bool isFirst)
    {
        var view = new SheetView { WorkbookViewId = 0U, TabSelected = isFirst };
        if (layout.FrozenRows > 0 || layout.FrozenColumns > 0)
        {
            var pane = layout.FrozenRows > 0 && layout.FrozenColumns > 0 ? PaneValues.BottomRight
                : layout.FrozenRows > 0 ? PaneValues.BottomLeft : PaneValues.TopRight;
            var topLeft = CellAddress.ToA1(layout.FrozenRows, layout.FrozenColumns);
            view.Append(new Pane
            {
                HorizontalSplit = layout.FrozenColumns > 0 ? layout.FrozenColumns : null,
                VerticalSplit = layout.FrozenRows > 0 ? layout.FrozenRows : null,
                TopLeftCell = topLeft,
                ActivePane = pane,
                State = PaneStateValues.Frozen,
            });
            view.Append(new Selection { Pane = pane, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue>([topLeft]) });
        }
        return new SheetViews(view);
    }

    private static uint StyleFor(TemplateCellKind kind) => kind switch
    {
        TemplateCellKind.Title => TemplateStyles.Title,
        TemplateCellKind.Note => TemplateStyles.Note,
        TemplateCellKind.Header => TemplateStyles.Header,
        TemplateCellKind.Label => TemplateStyles.Label,
        TemplateCellKind.GroupLabel => TemplateStyles.GroupLabel,
        TemplateCellKind.Total => TemplateStyles.Total,
        _ => TemplateStyles.InputCount,
    };

    internal static uint InputStyle(FieldKind kind) => kind switch
    {
        FieldKind.Text => TemplateStyles.InputText,
        FieldKind.Prose => TemplateStyles.InputProse,
        FieldKind.Money => TemplateStyles.InputMoney,
        _ => TemplateStyles.InputCount,
    };

    private static Cell InputCell(TemplateCell templateCell, TemplateContent content, SharedStrings strings)
    {
        var kind = ReportFields.Get(templateCell.FieldId!).Kind;
        content.Values.TryGetValue(templateCell.FieldId!, out var value);
        return ValueCell(value, InputStyle(kind), strings);
    }

    private static Cell TotalCell(TemplateCell templateCell, TemplateSheet layout, TemplateContent content, TotalCalculator totals, SharedStrings strings)
    {
        var id = templateCell.FieldId!;
        if (content.TotalsAsValues is not null && content.TotalsAsValues.TryGetValue(id, out var plain))
        {
            return ValueCell(plain, TemplateStyles.Total, strings);
        }
        var parts = templateCell.SumOf!;
        var first = layout.Cells.First(c => c.FieldId == parts[0]).Address;
        var last = layout.Cells.First(c => c.FieldId == parts[^1]).Address;
        var cell = new Cell { StyleIndex = TemplateStyles.Total, CellFormula = new CellFormula($"SUM({first}:{last})") };
        var cached = totals.Cached(id);
        if (cached is double value) cell.CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture));
        return cell;
    }

    private static Cell TextCell(string text, uint style, SharedStrings strings) =>
        new() { StyleIndex = style, DataType = CellValues.SharedString, CellValue = new CellValue(strings.IndexOf(text)) };

    /// <summary>A cell holding any raw value exactly as given: what a clerk could have typed.</summary>
    internal static Cell ValueCell(object? value, uint style, SharedStrings strings)
    {
        switch (value)
        {
            case null:
                return new Cell { StyleIndex = style };
            case string s:
                return TextCell(s, style, strings);
            case bool b:
                return new Cell { StyleIndex = style, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") };
            case DateTime d:
                return new Cell { StyleIndex = TemplateStyles.InputDate, CellValue = new CellValue(d.ToOADate().ToString("R", CultureInfo.InvariantCulture)) };
            case double or float when !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                throw new ArgumentException($"Cannot write a non-finite number: {value}");
            case IFormattable number when value is byte or short or int or long or float or double or decimal:
                return new Cell { StyleIndex = style, CellValue = new CellValue(number.ToString(value is double or float ? "R" : null, CultureInfo.InvariantCulture)) };
            default:
                throw new ArgumentException($"Unsupported cell value type {value.GetType()}");
        }
    }

    /// <summary>Cached results of the total formulas: what Excel would show, or the content's chosen cache.</summary>
    private sealed class TotalCalculator(TemplateContent content)
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _sumOf = TemplateLayout.Sheets
            .SelectMany(s => s.Cells).Where(c => c.Kind == TemplateCellKind.Total)
            .ToDictionary(c => c.FieldId!, c => c.SumOf!);

        /// <summary>Null when no part holds a number (blank template: Excel computes on load).</summary>
        public double? Cached(string id)
        {
            if (content.CachedTotals is not null && content.CachedTotals.TryGetValue(id, out var chosen)) return chosen;
            return Evaluate(id);
        }

        private double? Evaluate(string id)
        {
            if (content.TotalsAsValues is not null && content.TotalsAsValues.TryGetValue(id, out var plain)) return Numeric(plain);
            if (!_sumOf.TryGetValue(id, out var parts))
            {
                content.Values.TryGetValue(id, out var value);
                return Numeric(value);
            }
            double? sum = null;
            foreach (var part in parts)
            {
                // SUM ignores text and blanks, exactly as Excel does.
                if (Cached(part) is double v) sum = (sum ?? 0) + v;
            }
            return sum;
        }

        private static double? Numeric(object? value) => value switch
        {
            byte or short or int or long or float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    internal sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _items = [];

        public string IndexOf(string text)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                i = _items.Count;
                _items.Add(text);
                _index[text] = i;
            }
            return i.ToString(CultureInfo.InvariantCulture);
        }

        public SharedStringTable ToTable()
        {
            var table = new SharedStringTable { Count = (uint)_items.Count, UniqueCount = (uint)_items.Count };
            foreach (var item in _items)
            {
                // Keep leading/trailing spaces and line breaks exactly (" 7 " must read back as " 7 ").
                var text = new Text(item);
                if (item.Length > 0 && (char.IsWhiteSpace(item[0]) || char.IsWhiteSpace(item[^1]) || item.Contains('\n')))
                {
                    text.Space = SpaceProcessingModeValues.Preserve;
                }
                table.Append(new SharedStringItem(text));
            }
            return table;
        }
    }
}
