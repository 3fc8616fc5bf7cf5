using System.Globalization;

namespace FunctionsPipeline.Core.Validation;

/// <summary>The kinds of value a number cell can hold; everything but <see cref="Number"/> is an error of its own kind.</summary>
internal enum RawKind { Number, Blank, Placeholder, TextNumber, ChineseNumeral, NotANumber }

/// <summary>Classifies raw cell values (null/string/double/bool/DateTime) without ever coercing them.</summary>
internal static class CellValues
{
    // What offices write instead of 0; each is an error, never taken as 0.
    private static readonly HashSet<string> Placeholders =
        ["/", "／", "\\", "-", "－", "—", "——", "–", "－－", "--", "无", "空", "N/A", "n/a", "NA"];

    private const string ChineseNumeralChars = "零〇一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟";

    /// <summary>What kind of value it is; <paramref name="number"/> is set only for a real numeric cell.</summary>
    public static RawKind Classify(object? raw, out double number)
    {
        number = 0;
        switch (raw)
        {
            case null:
                return RawKind.Blank;
            case double d when double.IsFinite(d):
                number = d;
                return RawKind.Number;
            case string s:
                var trimmed = s.Trim();
                if (trimmed.Length == 0) return RawKind.Blank;
                if (Placeholders.Contains(trimmed)) return RawKind.Placeholder;
                if (LooksLikeNumber(trimmed)) return RawKind.TextNumber;
                if (trimmed.All(c => ChineseNumeralChars.Contains(c))) return RawKind.ChineseNumeral;
                return RawKind.NotANumber;
            default:
                return RawKind.NotANumber;
        }
    }

    /// <summary>True for text such as "12", " 7 ", "-1", "3.5", "１２" or "1,200".</summary>
    private static bool LooksLikeNumber(string text)
    {
        var ascii = new string(text.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c is '．' ? '.' : c).ToArray());
        return decimal.TryParse(ascii, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>The raw value as shown to a clerk: text in quotes so stray spaces are visible.</summary>
    public static string Show(object? raw) => raw switch
    {
        null => "（空）",
        string s => $"“{s}”",
        double d => FormatNumber(d),
        bool b => b ? "TRUE" : "FALSE",
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => raw.ToString() ?? "",
    };

    /// <summary>The raw value for the machine-readable <c>actual</c> field (no decoration).</summary>
    public static string? Plain(object? raw) => raw switch
    {
        null => null,
        string s => s,
        double d => FormatNumber(d),
        bool b => b ? "TRUE" : "FALSE",
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => raw.ToString(),
    };

    public static string FormatNumber(double d) => d.ToString("0.###############", CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
