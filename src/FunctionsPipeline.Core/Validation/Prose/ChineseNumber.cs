using System.Buffers;

namespace FunctionsPipeline.Core.Validation.Prose;

/// <summary>
/// Whole numbers as reports write them: Arabic digits (ASCII or full-width ０-９, positional) or Chinese numerals
/// with multipliers (十五, 一百零三, 两千零五, 三万零五十; 万 up to 99,999,999). Strict on purpose: a form that is
/// approximate or ambiguous is not a number, so the prose check never compares a figure the writer did not state:
/// 二三 (two or three), 十一二, 一百二 (120 said short), 一千五十 (a missing 零), 百 or 千 without a digit, 亿.
/// </summary>
internal static class ChineseNumber
{
    /// <summary>The characters a Chinese numeral is written with.</summary>
    public static readonly SearchValues<char> NumeralChars = SearchValues.Create("零〇一二两三四五六七八九十百千万");

    public static bool IsNumeral(char c) => NumeralChars.Contains(c);

    /// <summary>An Arabic digit, ASCII or full-width.</summary>
    public static bool IsArabicDigit(char c) => char.IsAsciiDigit(c) || c is >= '０' and <= '９';

    public static bool IsZero(char c) => c is '零' or '〇';

    /// <summary>
    /// The value of <paramref name="text"/>: all Arabic digits (at most nine) or one well-formed Chinese numeral;
    /// false for anything else, including an empty text and a mix of the two.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        if (IsArabicDigit(text[0])) return TryParseArabic(text, out value);
        if (text.Length == 1 && IsZero(text[0])) return true;

        var wan = text.IndexOf('万');
        if (wan < 0)
        {
            var ok = TrySection(text, continued: false, out var section);
            value = section;
            return ok;
        }
        // Ten-thousands, then what follows 万: nothing, a section from the thousands (一万二千), or 零 and the rest (三万零五十).
        if (!TrySection(text[..wan], continued: false, out var high)) return false;
        var low = 0;
        if (wan + 1 < text.Length && !TrySection(text[(wan + 1)..], continued: true, out low)) return false;
        value = high * 10_000L + low;
        return true;
    }

    /// <summary>A year written digit by digit: 2024, ２０２４, 二〇二四 or 二零二四 (exactly four characters).</summary>
    public static bool TryParseYear(ReadOnlySpan<char> text, out int year)
    {
        year = 0;
        if (text.Length != 4) return false;
        foreach (var c in text)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= '０' and <= '９' => c - '０',
                '〇' or '零' => 0,
                _ => Digit(c),
            };
            if (digit < 0 || c == '两') return false;
            year = year * 10 + digit;
        }
        return true;
    }

    private static bool TryParseArabic(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length > 9) return false;
        foreach (var c in text)
        {
            if (!IsArabicDigit(c)) return false;
            value = value * 10 + (c <= '9' ? c - '0' : c - '０');
        }
        return true;
    }

    /// <summary>
    /// One section below 10,000 (千, 百, 十 and ones). <paramref name="continued"/>: the section follows 万, so it is
    /// read as if the unit 万 came just before (一万二千, 一万零五; not 一万五百 or 一万五).
    /// Rules: each unit is smaller than the one before; a gap between units is marked by exactly one 零 and only a
    /// gap is; ones follow 十 directly or a gap; 十 stands without a digit only at the start (十五);
    /// 两 stands before 百/千/万, or alone.
    /// </summary>
    private static bool TrySection(ReadOnlySpan<char> text, bool continued, out int value)
    {
        value = 0;
        var lastUnit = 10_000;
        var any = continued;
        var pendingZero = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsZero(c))
            {
                if (!any || pendingZero) return false;
                pendingZero = true;
                continue;
            }
            if (c == '十' && i == 0 && !any)
            {
                value = 10;
                lastUnit = 10;
                any = true;
                continue;
            }
            var digit = Digit(c);
            if (digit < 0) return false;
            if (i + 1 == text.Length)
            {
                // Ones.
                if (any && (c == '两' || (pendingZero ? lastUnit < 100 : lastUnit != 10))) return false;
                value += digit;
                return true;
            }
            var unit = Unit(text[i + 1]);
            if (unit == 0 || unit >= lastUnit || (c == '两' && unit == 10)) return false;
            if (any && (pendingZero ? unit * 10 >= lastUnit : unit * 10 != lastUnit)) return false;
            value += digit * unit;
            lastUnit = unit;
            pendingZero = false;
            any = true;
            i++;
        }
        return any && !pendingZero && !(continued && text.IsEmpty);
    }

    private static int Digit(char c) => c switch
    {
        '一' => 1, '二' or '两' => 2, '三' => 3, '四' => 4, '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9,
        _ => -1,
    };

    private static int Unit(char c) => c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
}
