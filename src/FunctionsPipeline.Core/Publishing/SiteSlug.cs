using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// Site paths from body and year. The body's slug keeps its letters and digits (Chinese stays
/// Chinese: browsers show percent-encoded UTF-8 path segments readably), turns everything else
/// into '-', and ends with 8 hex digits of SHA-256 of the exact name, so two bodies never share
/// a folder even when their names differ only in punctuation. Never the uploaded file name;
/// no '/', '.', '%' or '..' can come from user text.
/// </summary>
public static class SiteSlug
{
    public const int MaxTextLength = 40;
    public const string ReportsFolder = "reports";

    public static string ForBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var name = body.Trim().Normalize(NormalizationForm.FormC);
        var text = new StringBuilder();
        var pendingDash = false;
        var elements = StringInfo.GetTextElementEnumerator(name.Normalize(NormalizationForm.FormKC));
        var length = 0;
        while (elements.MoveNext() && length < MaxTextLength)
        {
            var element = (string)elements.Current;
            if (IsKept(element))
            {
                if (pendingDash && text.Length > 0) { text.Append('-'); length++; }
                pendingDash = false;
                text.Append(element.ToLowerInvariant());
                length++;
            }
            else
            {
                pendingDash = true;
            }
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return text.Length == 0 ? $"body-{hash}" : $"{text}-{hash}";
    }

    /// <summary>
    /// Whether a grapheme cluster is kept: every code point of it must be a letter, digit or mark, not only the first — a
    /// Prepend letter (U+0D4E) joins the next character, '/' or '.' included, into its cluster.
    /// </summary>
    private static bool IsKept(string element)
    {
        foreach (var rune in element.EnumerateRunes())
        {
            if (!IsKept(Rune.GetUnicodeCategory(rune))) return false;
        }
        return true;
    }

    private static bool IsKept(UnicodeCategory category)
    {
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    public static string YearFolder(string body, int year)
    {
        if (year is < 1000 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "year must have four digits");
        return $"{ReportsFolder}/{ForBody(body)}/{year.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string VersionFolder(string body, int year, int version) =>
        $"{YearFolder(body, year)}/v{version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The 撤回公告 of a body's year, in the folder of the version that was current when it was withdrawn.</summary>
    public static string WithdrawalNotice(string body, int year, int version) =>
        $"{VersionFolder(body, year, version)}/{WithdrawalNoticeFile}";

    public const string WithdrawalNoticeFile = "withdrawal.html";

    /// <summary>A site path (blob name) as a URL path: every segment percent-encoded as UTF-8.</summary>
    public static string UrlPath(string sitePath) =>
        string.Join('/', sitePath.Split('/').Select(Uri.EscapeDataString));
}
