using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Publishing.OpenData;

/// <summary>
/// reports.csv in long format: one row per figure of each body's current report (RFC 4180: comma-separated, CRLF, fields
/// quoted only when they hold a comma, quote or line break; a name that would run as a formula gets an apostrophe, see
/// <see cref="CsvText"/>), UTF-8 with a byte order mark so Excel and WPS open it as UTF-8.
/// </summary>
internal static class DataCsv
{
    public static readonly IReadOnlyList<string> Columns = ["机关名称", "统一社会信用代码", "年度", "版本", "表", "行", "列", "单元格代码", "数值", "单位"];

    public static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static UTF8Encoding Encoding { get; } = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteHeader(TextWriter writer) => WriteRow(writer, Columns);

    public static void WriteEntry(TextWriter writer, DataEntry entry)
    {
        var fixedPart = new[] { entry.Body, entry.CreditCode ?? "", entry.Year.ToString(CultureInfo.InvariantCulture), entry.Version.ToString(CultureInfo.InvariantCulture) };
        foreach (var (cell, value) in DataCells.Values(entry.Report))
        {
            WriteRow(writer, [.. fixedPart, cell.Table, cell.Row, cell.Column, cell.Code, value, cell.Unit]);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) writer.Write(',');
            // Only the body's name is free text (the value column is a number, the labels are the national format's).
            writer.Write(CsvText.Field(fields[i], isText: i == 0));
        }
        writer.Write("\r\n");
    }
}
