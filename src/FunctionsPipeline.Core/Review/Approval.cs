using System.Text.Json;

namespace FunctionsPipeline.Core.Review;

/// <summary>
/// A reviewer's decision, the blob <c>approvals/{upload name}.json</c>:
/// <c>{"decision":"approved"|"rejected","by":"…","reason":"…","version":"&lt;the upload's content SHA-256 or ETag&gt;"}</c>.
/// </summary>
public sealed record Approval(string Decision, string By, string? Reason, string Version)
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Unsigned = "未署名";

    /// <summary>The reviewer's name and reason are kept to this many characters (the rest becomes 「…」), as a withdrawal's are.</summary>
    public const int MaxByLength = 100, MaxReasonLength = 500;

    private static string Cap(string text, int max) =>
        text.Length <= max ? text : (char.IsHighSurrogate(text[max - 2]) ? text[..(max - 2)] : text[..(max - 1)]) + "…";

    public bool IsApproved => Decision == Approved;

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["decision"] = Decision,
        ["by"] = By,
        ["reason"] = Reason,
        ["version"] = Version,
    }, PreviewRecord.JsonOptions);

    /// <summary>Parses an approval; on failure returns null and <paramref name="problem"/> says in Chinese what is wrong.</summary>
    public static Approval? Parse(ReadOnlySpan<byte> utf8Json, out string problem)
    {
        problem = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException ex)
        {
            problem = $"内容不是有效的 JSON（第 {(ex.LineNumber ?? 0) + 1} 行附近）";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "内容应为 JSON 对象 {\"decision\":…,\"by\":…,\"reason\":…,\"version\":…}";
                return null;
            }
            string? Text(string name, out bool wrongType)
            {
                wrongType = false;
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
                if (value.ValueKind != JsonValueKind.String)
                {
                    wrongType = true;
                    return null;
                }
                return value.GetString()!.Trim();
            }
            var decision = Text("decision", out var badDecision)?.ToLowerInvariant();
            if (badDecision || decision is not (Approved or Rejected))
            {
                problem = "“decision”应为 \"approved\"（通过）或 \"rejected\"（退回）";
                return null;
            }
            var version = Text("version", out var badVersion);
            if (badVersion || string.IsNullOrEmpty(version))
            {
                problem = "缺少“version”（所审核预览的版本，即上传文件内容的 SHA-256 或其 ETag）";
                return null;
            }
            var by = Text("by", out var badBy);
            var reason = Text("reason", out var badReason);
            if (badBy || badReason)
            {
                problem = "“by”和“reason”应为文字";
                return null;
            }
            // Capped, not refused: the decision stands, and the message carrying them fits a notification.
            return new Approval(decision, string.IsNullOrEmpty(by) ? Unsigned : Cap(by, MaxByLength), string.IsNullOrEmpty(reason) ? null : Cap(reason, MaxReasonLength), version);
        }
    }
}
