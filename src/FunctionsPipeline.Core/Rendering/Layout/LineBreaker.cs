using System.Text;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// Chinese line breaking: any two CJK characters may break, except that a line never starts
/// with closing punctuation nor ends with opening punctuation (禁则), and Latin words and
/// numbers such as <c>2024</c> or <c>12,345</c> stay whole. Greedy: each line takes as much as fits.
/// </summary>
public static class LineBreaker
{
    /// <summary>Never at the start of a line.</summary>
    public const string ClosingPunctuation = "，。、；：？！）」』》〉】〕”’…—·％,.;:?!)]}%．：；，！？］｝";

    /// <summary>Never at the end of a line.</summary>
    public const string OpeningPunctuation = "（「『《〈【〔“‘([{［｛";

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/>.</summary>
    /// <param name="measure">Width of a piece of text in the same unit as <paramref name="maxWidth"/>.</param>
    /// <param name="firstLineIndent">Width reserved at the start of the first line.</param>
    public static IReadOnlyList<string> Break(string text, double maxWidth, Func<string, double> measure, double firstLineIndent = 0)
    {
        const double tolerance = 0.001;
        var lines = new List<string>();
        var line = new StringBuilder();
        double lineWidth = 0;
        double Available() => maxWidth - (lines.Count == 0 ? firstLineIndent : 0);

        void FinishLine()
        {
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
            lineWidth = 0;
        }

        foreach (var cluster in Clusters(text))
        {
            var isSpace = string.IsNullOrWhiteSpace(cluster);
            if (isSpace && line.Length == 0) continue;           // no blanks at the start of a line
            var width = measure(cluster);
            if (lineWidth + width <= Available() + tolerance || (isSpace))
            {
                line.Append(cluster);
                lineWidth += width;
                continue;
            }
            if (line.ToString().Trim().Length > 0) FinishLine();
            else { line.Clear(); lineWidth = 0; }
            if (width <= Available() + tolerance)
            {
                line.Append(cluster);
                lineWidth = width;
                continue;
            }
            // A single unbreakable piece wider than a line (a long address): cut it by characters.
            foreach (var rune in cluster.EnumerateRunes())
            {
                var s = rune.ToString();
                var w = measure(s);
                if (line.Length > 0 && lineWidth + w > Available() + tolerance) FinishLine();
                line.Append(s);
                lineWidth += w;
            }
        }
        if (line.ToString().Trim().Length > 0) FinishLine();
        return lines;
    }

    /// <summary>Splits text into pieces between which a line may break (after kinsoku glue is applied).</summary>
    internal static IReadOnlyList<string> Clusters(string text)
    {
        var units = Units(text);
        var clusters = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < units.Count; i++)
        {
            if (i > 0 && CanBreakBetween(units[i - 1], units[i]))
            {
                clusters.Add(current.ToString());
                current.Clear();
            }
            current.Append(units[i]);
        }
        if (current.Length > 0) clusters.Add(current.ToString());
        return clusters;
    }

    private static bool CanBreakBetween(string before, string after)
    {
        var afterIsSpace = string.IsNullOrWhiteSpace(after);
        var beforeIsSpace = string.IsNullOrWhiteSpace(before);
        if (afterIsSpace) return !beforeIsSpace;                     // a run of blanks is one piece
        if (IsClosing(after)) return false;
        if (!beforeIsSpace && IsOpening(before)) return false;
        return true;
    }

    private static bool IsClosing(string unit) => unit.Length == 1 && ClosingPunctuation.Contains(unit[0]);

    private static bool IsOpening(string unit) => unit.Length >= 1 && OpeningPunctuation.Contains(unit[^1]);

    /// <summary>The smallest pieces: one CJK character, one Latin word or number, one run of blanks, one other character.</summary>
    private static List<string> Units(string text)
    {
        var units = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (IsWordChar(text[i]))
            {
                var start = i;
                while (i < text.Length && (IsWordChar(text[i]) || IsWordJoiner(text, i))) i++;
                units.Add(text[start..i]);
            }
            else if (char.IsWhiteSpace(text[i]) && text[i] != '\u3000')
            {
                var start = i;
                while (i < text.Length && char.IsWhiteSpace(text[i]) && text[i] != '\u3000') i++;
                units.Add(" ");
            }
            else
            {
                var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                units.Add(text.Substring(i, length));
                i += length;
            }
        }
        return units;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c >= '０' && c <= '９');

    /// <summary>Punctuation inside a word or number (12,345 · 3.5 · www.gov.cn · 0311-1234567) joins it when a word character follows.</summary>
    private static bool IsWordJoiner(string text, int i) =>
        ".,:/-_@&?=#~+".Contains(text[i]) && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > 0 && IsWordChar(text[i - 1]);
}
