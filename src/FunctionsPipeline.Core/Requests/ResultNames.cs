using System.Security.Cryptography;
using System.Text;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// Maps an upload name to the blob names of its results in the <c>results</c> container.
/// <para>
/// The mapping, so a clerk can find their file: a plain name (letters incl. Chinese, digits, <c>-</c>,
/// <c>_</c>, <c>.</c>, spaces, no folders, at most 120 characters) is kept as it is —
/// <c>xiji-2024.xlsx</c> → <c>xiji-2024.xlsx.json</c>, <c>xiji-2024.xlsx.findings.json</c>,
/// <c>xiji-2024.xlsx.findings.html</c>. Any other name is made safe: each other character (<c>/</c>,
/// <c>\</c>, controls, <c>?#%</c> …) becomes <c>_</c>, runs of dots become one, leading dots and spaces go,
/// the result is cut to 120 characters, and <c>~</c> plus the first 12 hex digits of the SHA-256 of
/// the original name is appended so different names never share a record —
/// <c>../a b.xlsx</c> → <c>_a b.xlsx~3f1c…json</c>. Every record also holds the original name
/// (<c>upload</c>), so listing <c>results</c> always finds it.
/// </para>
/// </summary>
public static class ResultNames
{
    public const int MaxStemLength = 120;

    public static string Stem(string uploadName)
    {
        ArgumentNullException.ThrowIfNull(uploadName);
        var safe = new StringBuilder(Math.Min(uploadName.Length, MaxStemLength));
        foreach (var rune in uploadName.EnumerateRunes())
        {
            safe.Append(IsPlain(rune) ? rune.ToString() : "_");
        }
        var text = safe.ToString();
        while (text.Contains("..", StringComparison.Ordinal)) text = text.Replace("..", ".", StringComparison.Ordinal);
        text = text.TrimStart('.', ' ').TrimEnd(' ');
        if (text.Length > MaxStemLength) text = TruncateAtRune(text, MaxStemLength);
        if (text.Length == 0) text = "upload";
        return text == uploadName ? text : $"{text}~{Hash(uploadName)}";
    }

    public static string Status(string uploadName) => Stem(uploadName) + ".json";

    public static string FindingsJson(string uploadName) => Stem(uploadName) + ".findings.json";

    public static string FindingsHtml(string uploadName) => Stem(uploadName) + ".findings.html";

    private static bool IsPlain(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '_' or '.' or ' ' or '(' or ')' or '（' or '）';

    private static string TruncateAtRune(string text, int maxLength)
    {
        var cut = maxLength;
        if (char.IsLowSurrogate(text[cut])) cut--;
        return text[..cut];
    }

    private static string Hash(string uploadName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uploadName)))[..12];
}
