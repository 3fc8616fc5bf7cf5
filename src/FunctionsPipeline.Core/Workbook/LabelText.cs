using System.Text;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// Normalises label text so that the labels clerks type or paste compare equal to the official
/// ones: NFKC (full-width brackets, colons, dots, digits and spaces become half-width), all
/// whitespace removed, quotes removed, <c>1、</c>/<c>1．</c> after a leading number unified to
/// <c>1.</c>, and a trailing colon dropped (<c>机关名称：</c>).
/// </summary>
public static class LabelText
{
    /// <summary>Labels are short; longer cells (prose) are never labels and are not normalised.</summary>
    public const int MaxLabelLength = 120;

    public static string? Normalize(string? text)
    {
        if (text is null || text.Length == 0 || text.Length > MaxLabelLength) return null;
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        foreach (var ch in nfkc)
        {
            if (char.IsWhiteSpace(ch) || IsQuote(ch)) continue;
            sb.Append(ch switch
            {
                '〔' or '［' or '【' => '[',
                '〕' or '］' or '】' => ']',
                _ => ch,
            });
        }
        // "1、属于国家秘密" and "1.属于国家秘密" are the same row label.
        var digits = 0;
        while (digits < sb.Length && char.IsAsciiDigit(sb[digits])) digits++;
        if (digits > 0 && digits < sb.Length && sb[digits] is '、' or '．') sb[digits] = '.';
        while (sb.Length > 0 && sb[^1] == ':') sb.Length--;
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static bool IsQuote(char ch) => ch is '"' or '\'' or '“' or '”' or '‘' or '’' or '「' or '」' or '『' or '』' or '＂' or '＇';
}
