using System.Text.Json;

namespace FunctionsPipeline.Core.Withdrawals;

/// <summary>
/// A withdrawal as written to <c>withdrawals/{any name}.json</c>:
/// <c>{"body":"…","year":2024,"reason":"…","by":"…"}</c> (<c>by</c> optional). <see cref="Parse"/> gives either the
/// request or a problem with its stable code and a Chinese message.
/// </summary>
public sealed record WithdrawalRequest(string Body, int Year, string Reason, string? By)
{
    /// <summary>Larger blobs are refused unread: a withdrawal is a few hundred bytes.</summary>
    public const int MaxBytes = 64 * 1024;
    public const int MaxReasonLength = 500;
    public const int MaxByLength = 100;
    public const int MaxBodyLength = 200;

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Reads the blob's bytes; <paramref name="name"/> only names it in messages.</summary>
    public static (WithdrawalRequest? Request, WithdrawalProblem? Problem) Parse(string name, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes) return (null, TooLarge(name, utf8.Length));
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Fail(WithdrawalCodes.JsonInvalid,
                $"撤回申请“{name}”不是有效的 JSON，未作处理，网站未作任何更改。正确格式：{{\"body\":\"机关名称\",\"year\":2024,\"reason\":\"撤回原因\",\"by\":\"经办人\"}}");
        }
        if (root.ValueKind != JsonValueKind.Object)
            return Fail(WithdrawalCodes.JsonInvalid, $"撤回申请“{name}”应为一个 JSON 对象（{{…}}），未作处理，网站未作任何更改。");

        var missing = new List<string>();
        string? Text(string field, string label)
        {
            if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) { missing.Add($"{field}（{label}）"); return null; }
            if (value.ValueKind != JsonValueKind.String) return "\0";
            var text = value.GetString()!.Trim();
            if (text.Length == 0) missing.Add($"{field}（{label}）");
            return text;
        }
        var body = Text("body", "机关名称");
        var reason = Text("reason", "撤回原因");
        int? year = null;
        var yearWrong = false;
        if (!root.TryGetProperty("year", out var y) || y.ValueKind == JsonValueKind.Null) missing.Add("year（报告年度）");
        else if (y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var n)) year = n;
        else if (y.ValueKind == JsonValueKind.String && int.TryParse(y.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) year = parsed;
        else yearWrong = true;
        string? by = null;
        var byWrong = false;
        if (root.TryGetProperty("by", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            if (b.ValueKind == JsonValueKind.String) by = b.GetString()!.Trim() is { Length: > 0 } t ? t : null;
            else byWrong = true;
        }

        if (missing.Count > 0)
            return Fail(WithdrawalCodes.FieldMissing, $"撤回申请“{name}”缺少 {string.Join("、", missing)}，未作处理，网站未作任何更改。");
        var invalid = new List<string>();
        if (body == "\0") invalid.Add("body 应为文字");
        else if (body!.Length > MaxBodyLength || body.Any(char.IsControl)) invalid.Add($"body 应为不超过 {MaxBodyLength} 字、不含控制字符的机关名称");
        if (reason == "\0") invalid.Add("reason 应为文字");
        else if (reason!.Length > MaxReasonLength) invalid.Add($"reason 不应超过 {MaxReasonLength} 字（实际 {reason.Length} 字）");
        if (yearWrong || year is < 1000 or > 9999) invalid.Add("year 应为四位数的年度，如 2024");
        if (byWrong) invalid.Add("by 应为文字");
        else if (by is { Length: > MaxByLength }) invalid.Add($"by 不应超过 {MaxByLength} 字");
        if (invalid.Count > 0)
            return Fail(WithdrawalCodes.FieldInvalid, $"撤回申请“{name}”的内容有误：{string.Join("；", invalid)}。未作处理，网站未作任何更改。");
        return (new WithdrawalRequest(body!, year!.Value, reason!, by), null);
    }

    public static WithdrawalProblem TooLarge(string name, long bytes) => new(WithdrawalCodes.TooLarge,
        $"撤回申请“{name}”大小为 {bytes:N0} 字节，超过上限 {MaxBytes:N0} 字节，未作处理，网站未作任何更改。");

    private static (WithdrawalRequest?, WithdrawalProblem?) Fail(string code, string message) => (null, new WithdrawalProblem(code, message));
}

/// <summary>Why a withdrawal was not carried out: a stable code (<see cref="WithdrawalCodes"/>) and a Chinese message.</summary>
public sealed record WithdrawalProblem(string Code, string Message);
