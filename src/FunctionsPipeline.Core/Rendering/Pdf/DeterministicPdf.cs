using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using PdfSharp.Pdf;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>
/// Replaces what PDFsharp takes from Guid.NewGuid() (the trailer /ID and the six-letter font
/// subset tags) with values derived from the content, so equal input gives equal bytes.
/// </summary>
internal static partial class DeterministicPdf
{
    /// <summary>SHA-256 over the document's content and the creation time.</summary>
    public static byte[] ContentHash(ReportDocument report, DateTimeOffset creationTime)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) => sha.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Add(JsonSerializer.Serialize(report.Metadata, DocumentJson.Default.DocumentMetadata));
        foreach (var block in report.Blocks) Add(block.GetType().Name + JsonSerializer.Serialize(block, block.GetType(), DocumentJson.Default));
        Add(creationTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        return sha.GetHashAndReset();
    }

    public static void FixIdentifiers(PdfDocument document, byte[] contentHash)
    {
        // PDFsharp writes the ID strings' characters as bytes: 16 characters below U+0100 give the 16-byte ID.
        var id = new string(contentHash.Take(16).Select(b => (char)b).ToArray());
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
        RenameSubsetTags(document, contentHash);
    }

    /// <summary>Gives each embedded font subset a tag from the content hash (same tag for its /BaseFont and /FontName).</summary>
    private static void RenameSubsetTags(PdfDocument document, byte[] contentHash)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var obj in document.Internals.GetAllObjects())
        {
            if (obj is not PdfDictionary dictionary) continue;
            foreach (var key in (string[])["/BaseFont", "/FontName"])
            {
                var name = dictionary.Elements.GetName(key);
                var match = SubsetName().Match(name);
                if (!match.Success) continue;
                var oldTag = match.Groups[1].Value;
                if (!tags.TryGetValue(oldTag, out var newTag))
                {
                    newTag = SubsetTag(contentHash, tags.Count);
                    tags[oldTag] = newTag;
                }
                dictionary.Elements.SetName(key, "/" + newTag + "+" + match.Groups[2].Value);
            }
        }
    }

    private static string SubsetTag(byte[] contentHash, int index)
    {
        var bytes = SHA256.HashData([.. contentHash, (byte)index]);
        return new string(bytes.Take(6).Select(b => (char)('A' + b % 26)).ToArray());
    }

    [GeneratedRegex("^/([A-Z]{6})\\+(.+)$")]
    private static partial Regex SubsetName();
}
