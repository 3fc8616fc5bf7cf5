using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Summary;

/// <summary>Reads a summary workbook's added sheets back (inline strings and numbers), and its trace CSV.</summary>
internal static class SummarySheets
{
    /// <summary>Sheet names in workbook order.</summary>
    public static List<string> Names(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        return document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
    }

    /// <summary>A sheet's rows as text (blank cells null), by cell address.</summary>
    public static List<string?[]> Rows(byte[] workbook, string sheetName)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var part = document.WorkbookPart!;
        var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var rows = new List<string?[]>();
        foreach (var row in ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>())
        {
            var cells = row.Elements<Cell>().ToList();
            var width = cells.Count == 0 ? 0 : cells.Max(c => CellAddress.Parse(c.CellReference!).Column) + 1;
            var values = new string?[width];
            foreach (var cell in cells) values[CellAddress.Parse(cell.CellReference!).Column] = cell.InlineString?.InnerText ?? cell.CellValue?.Text;
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>
    /// The office's part of a summary workbook: the cells of <paramref name="values"/> (field id → text or number) written
    /// at their template cells, every other cell left as it was.
    /// </summary>
    public static byte[] Fill(byte[] workbook, IReadOnlyDictionary<string, object?> values)
    {
        using var buffer = new MemoryStream();
        buffer.Write(workbook);
        using (var document = SpreadsheetDocument.Open(buffer, true))
        {
            var part = document.WorkbookPart!;
            foreach (var (id, value) in values)
            {
                var at = TemplateLayout.FieldCells[id];
                var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == at.Sheet);
                var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
                var address = CellAddress.Parse(at.Address);
                var data = worksheet.GetFirstChild<SheetData>()!;
                var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex! == (uint)(address.Row + 1));
                if (row is null)
                {
                    row = new Row { RowIndex = (uint)(address.Row + 1) };
                    data.InsertBefore(row, data.Elements<Row>().FirstOrDefault(r => r.RowIndex! > (uint)(address.Row + 1)));
                }
                var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == at.Address);
                if (cell is null)
                {
                    cell = new Cell { CellReference = at.Address };
                    row.InsertBefore(cell, row.Elements<Cell>().FirstOrDefault(c => CellAddress.Parse(c.CellReference!).Column > address.Column));
                }
                cell.CellFormula = null;
                cell.RemoveAllChildren();
                if (value is string text)
                {
                    cell.DataType = CellValues.InlineString;
                    cell.Append(new InlineString(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
                }
                else
                {
                    cell.DataType = null;
                    cell.Append(new CellValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                worksheet.Save();
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Workbook(RegionSummary summary, FunctionsPipeline.Core.Model.ContactDetails? contact = null)
    {
        using var stream = new MemoryStream();
        SummaryWorkbook.Write(stream, summary, contact);
        return stream.ToArray();
    }

    /// <summary>The trace CSV as rows of fields (the writer quotes only fields with commas, quotes or line breaks).</summary>
    public static List<string[]> Csv(RegionSummary summary)
    {
        using var stream = new MemoryStream();
        SummaryWorkbook.WriteTraceCsv(stream, summary);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(SplitCsv).ToList();
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
