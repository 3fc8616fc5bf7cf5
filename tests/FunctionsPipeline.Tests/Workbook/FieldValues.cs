using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>Compares what the reader returned with what was written, across reader value types.</summary>
internal static class FieldValues
{
    /// <summary>
    /// Numbers compare by value whether the reader gave a double or text;
    /// text compares exactly except that line endings are unified.
    /// </summary>
    public static bool Same(object? expected, object? actual)
    {
        if (expected is null || expected is string { Length: 0 }) return actual is null;
        // A CSV has no types: a numeral typed as text (a postcode, say) comes back as a number.
        if (expected is string s) return actual is string a ? Lines(a) == Lines(s) : actual is double n && s == n.ToString(CultureInfo.InvariantCulture);
        var number = Convert.ToDecimal(expected, CultureInfo.InvariantCulture);
        return actual switch
        {
            double d => (decimal)d == number,
            string text => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == number,
            _ => false,
        };
    }

    private static string Lines(string text) => text.Replace("\r\n", "\n");

    /// <summary>
    /// Every expected field with a different (or missing) parsed value, as readable lines. An optional field expected
    /// blank may be missing altogether (a workbook from before the field existed).
    /// </summary>
    public static List<string> Differences(IReadOnlyDictionary<string, object?> expected, ParsedWorkbook parsed) =>
        expected
            .Where(e => !(parsed.Fields.TryGetValue(e.Key, out var cell)
                ? Same(e.Value, cell.Value)
                : ReportFields.Get(e.Key).IsOptional && e.Value is null or string { Length: 0 }))
            .Select(e => $"{e.Key}: expected «{e.Value}» got «{parsed[e.Key]?.Value ?? "(missing)"}» at {parsed[e.Key]?.At}")
            .ToList();
}
