namespace FunctionsPipeline.Core.Common;

/// <summary>
/// One field of the CSV files the pipeline writes for spreadsheets (open data, the summary's trace): RFC 4180 quoting (only
/// when the field holds a comma, quote or line break), and text that a spreadsheet would run as a formula (starting with
/// =, +, -, @, a tab or a carriage return) prefixed with an apostrophe, so Excel and WPS show it as text (CSV injection).
/// Numbers are written as they are: only text fields pass <paramref name="isText"/>.
/// </summary>
public static class CsvText
{
    public static string Field(string value, bool isText = true)
    {
        if (isText && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
