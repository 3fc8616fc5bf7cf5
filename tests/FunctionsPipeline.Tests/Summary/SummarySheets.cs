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
