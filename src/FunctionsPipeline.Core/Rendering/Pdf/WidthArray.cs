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
        // One pass over the tokens '[', ']' and numbers (the inner arrays' widths are only counted).
        var text = cidFontDictionary.AsSpan(array.Index + array.Length);
        Span<int> numbers = stackalloc int[3];
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == ']') break;                            // the end of /W
            if (c == '[')
            {
                var first = numbers[count - 1];
                var widths = 0;
                for (i++; text[i] != ']';)
                {
                    if (IsNumberChar(text[i]))
                    {
                        widths++;
                        while (IsNumberChar(text[i])) i++;
                    }
                    else
                    {
                        i++;
                    }
                }
                i++;
                for (var w = 0; w < widths; w++) cids.Add(first + w);
                count = 0;
                continue;
            }
            if (!IsNumberChar(c))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsNumberChar(text[i])) i++;
            numbers[count++] = (int)double.Parse(text[start..i], CultureInfo.InvariantCulture);
            if (count == 3)
            {
                for (var cid = numbers[0]; cid <= numbers[1]; cid++) cids.Add(cid);
                count = 0;
            }
        }
        return cids;
    }

    private static bool IsNumberChar(char c) => c is (>= '0' and <= '9') or '.' or '-';

    [GeneratedRegex(@"/W\s*\[")]
    private static partial Regex WidthsKey();
}
