using System.Security.Cryptography;
using System.Text;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// Maps an upload name to the blob names of its results in the <c>results</c> container.
/// <para>
/// Each kind of record has its own folder, so no upload name can reach another kind's record (an upload named
/// <c>a.xlsx.findings</c> has its status at <c>uploads/a.xlsx.findings.json</c>, never over <c>a.xlsx</c>'s findings):
/// <c>uploads/</c> status records, <c>findings/</c> the findings and warnings (JSON and page), <c>approvals/</c> and
/// <c>withdrawals/</c> those requests' records. Older deployments kept an upload's status at <c>{stem}.json</c> at the
/// top level (<see cref="LegacyStatus"/>); it is still read where no record exists under <c>uploads/</c>, and the next
/// write moves it there.
/// </para>
/// <para>
/// The stem, so a clerk can find their file: a plain name (letters incl. Chinese, digits, <c>-</c>,
/// <c>_</c>, <c>.</c>, spaces, no folders, at most 120 characters) is kept as it is —
/// <c>xiji-2024.xlsx</c> → <c>uploads/xiji-2024.xlsx.json</c>, <c>findings/xiji-2024.xlsx.json</c>,
/// <c>findings/xiji-2024.xlsx.html</c>. Any other name is made safe: each other character (<c>/</c>,
/// <c>\</c>, controls, <c>?#%</c> …) becomes <c>_</c>, runs of dots become one, leading dots and spaces go,
/// the result is cut to 120 characters, and <c>~</c> plus the first 12 hex digits of the SHA-256 of
/// the original name is appended so different names never share a record —
/// <c>../a b.xlsx</c> → <c>uploads/_a b.xlsx~3f1c….json</c>. Every record also holds the original name
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

    /// <summary>The folder of upload status records.</summary>
    public const string StatusFolder = "uploads";

    /// <summary>The folder of findings and warnings (JSON and page).</summary>
    public const string FindingsFolder = "findings";

    public static string Status(string uploadName) => $"{StatusFolder}/{Stem(uploadName)}.json";

    /// <summary>Where older deployments kept an upload's status record; read only (see the class remarks).</summary>
    public static string LegacyStatus(string uploadName) => Stem(uploadName) + ".json";

    public static string FindingsJson(string uploadName) => $"{FindingsFolder}/{Stem(uploadName)}.json";

    public static string FindingsHtml(string uploadName) => $"{FindingsFolder}/{Stem(uploadName)}.html";

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
