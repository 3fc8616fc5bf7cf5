using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>
/// A workbook as a clerk might build it without the template: everything on one sheet, the
/// national tables pasted at other positions without merges, labels typed with half-width
/// brackets, 、 instead of ., straight quotes, spaces, a trailing colon, notes and blank rows
/// around. Written as .xlsx (one sheet) or as .csv in any encoding.
/// </summary>
internal sealed class PastedLayout
{
    private readonly SortedDictionary<(int Row, int Column), object?> _cells = new();

    public IReadOnlyDictionary<(int Row, int Column), object?> Cells => _cells;

    private void Put(int row, int column, object? value) => _cells[(row, column)] = value;

    /// <summary>Any one-sheet workbook: <c>FromCells(("A1", "信息内容"), ("B1", 3))</c>.</summary>
    public static PastedLayout FromCells(params (string Address, object? Value)[] cells)
    {
        var layout = new PastedLayout();
        foreach (var (address, value) in cells)
        {
            var (row, column) = CellAddress.Parse(address);
            layout.Put(row, column, value);
        }
        return layout;
    }

    public static PastedLayout For(AnnualReport report)
    {
        var v = ReportFieldValues.From(report);
        var layout = new PastedLayout();
        var r = 0;
        layout.Put(r, 1, report.Title);
        r += 2;
        // Basic information: label in B, value in D (C left blank), one label with a colon and one with a space.
        var info = new List<(string, string)>
        {
            ("机关名称：", ReportFields.Body), ("报告年度", ReportFields.Year), ("联系地址", ReportFields.Address),
            ("邮政编码", ReportFields.Postcode), ("联系电话", ReportFields.Phone), ("网 站", ReportFields.Website),
            ("前言", ReportFields.Preface),
        };
        // The optional 统一社会信用代码 only when the report has one: a layout pasted from an older template lacks the label.
        if (report.CreditCode is not null) info.Insert(1, ("统一社会信用代码", ReportFields.CreditCode));
        foreach (var (label, id) in info)
        {
            layout.Put(r, 1, label);
            layout.Put(r++, 3, v[id]);
        }
        r++;
        layout.Put(r, 1, "一、总体情况");
        layout.Put(r++, 2, v[ReportFields.Overview]);
        r++;

        // Table A at column B.
        layout.Put(r++, 1, "二、主动公开政府信息情况");
        layout.Put(r++, 1, "第二十条第(一)项");
        layout.Put(r, 1, "信息内容");
        layout.Put(r, 2, "本年制发件数");
        layout.Put(r, 3, "本年废止件数");
        layout.Put(r++, 4, "现行有效件数");
        foreach (var (label, item) in new[] { ("规章", ReportFields.RulesItem), ("行政规范性文件", ReportFields.NormativeItem) })
        {
            layout.Put(r, 1, label);
            layout.Put(r, 2, v[ReportFields.TableA(item, ReportFields.IssuedColumn)]);
            layout.Put(r, 3, v[ReportFields.TableA(item, ReportFields.RepealedColumn)]);
            layout.Put(r++, 4, v[ReportFields.TableA(item, ReportFields.InForceColumn)]);
        }
        foreach (var (heading, header, items) in new[]
                 {
                     ("第二十条第(五)项", "本年处理决定数量", new[] { ("行政许可", ReportFields.LicensingItem, ReportFields.DecisionsColumn) }),
                     ("第二十条第(六)项", "本年处理决定数量", new[] { ("行政处罚", ReportFields.PenaltyItem, ReportFields.DecisionsColumn), ("行政强制", ReportFields.EnforcementItem, ReportFields.DecisionsColumn) }),
                     ("第二十条第(八)项", "本年收费金额(单位:万元)", new[] { ("行政事业性收费", ReportFields.FeesItem, ReportFields.AmountColumn) }),
                 })
        {
            layout.Put(r++, 1, heading);
            layout.Put(r, 1, "信息内容");
            layout.Put(r++, 2, header);
            foreach (var (label, item, column) in items)
            {
                layout.Put(r, 1, label);
                layout.Put(r++, 2, v[ReportFields.TableA(item, column)]);
            }
        }
        r += 2;

        // Table B at column C; numbers in F..L; a note beside the header.
        layout.Put(r++, 2, "三、收到和处理政府信息公开申请情况");
        layout.Put(r++, 13, "注：本表数据由政务公开办汇总");
        var h = r;
        layout.Put(h, 2, NationalFormat.TableBCorner);
        layout.Put(h, 5, "申请人情况");
        layout.Put(h + 1, 5, "自然人");
        layout.Put(h + 1, 6, "法人或其他组织");
        layout.Put(h + 1, 11, "总计");
        var legal = new[] { "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他" };
        for (var i = 0; i < legal.Length; i++) layout.Put(h + 2, 6 + i, legal[i]);
        r = h + 3;
        string? group = null;
        foreach (var row in NationalFormat.TableBRows)
        {
            var label = row.Row switch
            {
                TableBRow.Granted => "(一)予以公开",
                TableBRow.PartiallyGranted => "(二)部分公开",
                TableBRow.WithheldStateSecret => "1、属于国家秘密",
                TableBRow.WithheldThreeSecurities => "3.危及\"三安全一稳定\"",
                TableBRow.UnableNotHeld => "1. 本机关不掌握相关政府信息",
                _ => row.Label,
            };
            if (row.Kind == TableBRowKind.Top) layout.Put(r, 2, label);
            else
            {
                if (row.Row == TableBRow.Granted) layout.Put(r, 2, NationalFormat.ResultsGroup);
                if (row.Group is null) layout.Put(r, 3, label);
                else
                {
                    if (row.Group != group) layout.Put(r, 3, row.Group);
                    layout.Put(r, 4, label);
                }
            }
            group = row.Group;
            foreach (var column in NationalFormat.ApplicantColumns)
            {
                layout.Put(r, 5 + (int)column.Column, v[ReportFields.TableB(row.Row, column.Column)]);
            }
            r++;
        }
        r += 3;

        // Table C at column B: 行政复议 B..F, 行政诉讼 G..P.
        layout.Put(r++, 1, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况");
        layout.Put(r, 1, "行政复议");
        layout.Put(r, 6, "行政诉讼");
        layout.Put(r + 1, 6, "未经复议直接起诉");
        layout.Put(r + 1, 11, "复议后起诉");
        foreach (var group2 in Enum.GetValues<ReviewGroup>())
        {
            foreach (var outcome in Enum.GetValues<ReviewOutcome>())
            {
                var col = 1 + (int)group2 * 5 + (int)outcome;
                var headerRow = group2 == ReviewGroup.AdministrativeReview ? r + 1 : r + 2;
                layout.Put(headerRow, col, NationalFormat.ReviewOutcomeLabels[(int)outcome]);
                layout.Put(r + 3, col, v[ReportFields.TableC(group2, outcome)]);
            }
        }
        r += 5;
        layout.Put(r, 1, "五、存在的主要问题及改进情况");
        layout.Put(r++, 2, v[ReportFields.Problems]);
        layout.Put(r, 1, "六、其他需要报告的事项");
        layout.Put(r++, 2, v[ReportFields.Other]);
        return layout;
    }

    /// <summary>One sheet named "Sheet1", inline strings, no merges, no styles.</summary>
    public byte[] ToXlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var sheetData = new SheetData();
            foreach (var rowGroup in _cells.GroupBy(c => c.Key.Row))
            {
                var row = new Row { RowIndex = (uint)(rowGroup.Key + 1) };
                foreach (var (key, value) in rowGroup)
                {
                    var reference = CellAddress.ToA1(key.Row, key.Column);
                    row.Append(value switch
                    {
                        null => new Cell { CellReference = reference },
                        string s => new Cell(new InlineString(new Text(s) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }))
                            { CellReference = reference, DataType = CellValues.InlineString },
                        _ => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                    });
                }
                sheetData.Append(row);
            }
            worksheetPart.Worksheet = new Worksheet(sheetData);
            workbookPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(
                new Sheets(new Sheet { Name = "Sheet1", SheetId = 1U, Id = workbookPart.GetIdOfPart(worksheetPart) }));
        }
        return stream.ToArray();
    }

    /// <summary>RFC 4180 CSV (quoted where needed, CRLF rows), in the given encoding, optionally with its preamble (BOM).</summary>
    public byte[] ToCsv(Encoding encoding, bool withPreamble)
    {
        var width = _cells.Keys.Max(k => k.Column) + 1;
        var height = _cells.Keys.Max(k => k.Row) + 1;
        var text = new StringBuilder();
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                if (c > 0) text.Append(',');
                if (_cells.TryGetValue((r, c), out var value) && value is not null)
                {
                    var s = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                    text.Append(s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s);
                }
            }
            text.Append("\r\n");
        }
        var body = encoding.GetBytes(text.ToString());
        return withPreamble ? [.. encoding.GetPreamble(), .. body] : body;
    }
}
