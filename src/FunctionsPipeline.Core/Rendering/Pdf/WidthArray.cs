using System.Globalization;
using System.Text.RegularExpressions;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>Reads the CIDs a CIDFont's /W array gives widths for: <c>c [w1 w2 …]</c> and <c>cFirst cLast w</c> entries.</summary>
internal static partial class WidthArray
{
    public static IReadOnlySet<int> Cids(string cidFontDictionary)
    {
        var cids = new HashSet<int>();
        var array = WidthsKey().Match(cidFontDictionary);
        if (!array.Success) return cids;
        var tokens = Token().Matches(cidFontDictionary[(array.Index + array.Length)..]).Select(m => m.Value).ToList();
        var numbers = new List<int>();
        for (var i = 0; i < tokens.Count && tokens[i] != "]"; i++)
        {
            if (tokens[i] == "[")
            {
                var first = numbers[^1];
                var count = 0;
                for (i++; tokens[i] != "]"; i++) count++;
                for (var c = 0; c < count; c++) cids.Add(first + c);
                numbers.Clear();
                continue;
            }
            numbers.Add((int)double.Parse(tokens[i], CultureInfo.InvariantCulture));
            if (numbers.Count == 3)
            {
                for (var c = numbers[0]; c <= numbers[1]; c++) cids.Add(c);
                numbers.Clear();
            }
        }
        return cids;
    }

    [GeneratedRegex(@"/W\s*\[")]
    private static partial Regex WidthsKey();

    [GeneratedRegex(@"\[|\]|-?[0-9.]+")]
    private static partial Regex Token();
}
