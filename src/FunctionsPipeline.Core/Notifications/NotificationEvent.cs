using System.Text;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// What happened, as webhooks receive it (the generic format is this record as JSON). <see cref="Kind"/> is the
/// outcome's name in kebab case: <c>awaiting-approval</c>, <c>published</c>, <c>unchanged</c>, <c>rejected</c>,
/// <c>failed</c>, <c>withdrawn</c>. <see cref="Upload"/> names the status record the delivery outcome is written to;
/// <see cref="Time"/> is that record's <c>processedAt</c> (so a newer record is never touched).
/// </summary>
public sealed record NotificationEvent
{
    /// <summary>Unique per event; sent as <c>X-FunctionsPipeline-Delivery</c> and the same on every retry, so receivers can drop duplicates.</summary>
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Upload { get; init; }
    public string? Body { get; init; }
    public int? Year { get; init; }
    public int? Version { get; init; }
    /// <summary>The status record's Chinese message.</summary>
    public required string Message { get; init; }
    public IReadOnlyList<StatusLink> Links { get; init; } = [];
    public required DateTimeOffset Time { get; init; }

    /// <summary>An event with a new id (for outcomes recorded outside an upload's status, e.g. <c>withdrawn</c>).</summary>
    public static NotificationEvent Of(string kind, string subject, string? body, int? year, int? version, string message,
        IReadOnlyList<StatusLink> links, DateTimeOffset time) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        Upload = subject,
        Body = body,
        Year = year,
        Version = version,
        Message = message,
        Links = links,
        Time = time,
    };

    public static string KebabCase(string name)
    {
        var kind = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && kind.Length > 0) kind.Append('-');
            kind.Append(char.ToLowerInvariant(c));
        }
        return kind.ToString();
    }

    /// <summary>The kind in Chinese, for the one-line summary (an unknown kind is shown as it is).</summary>
    public string KindLabel => Kind switch
    {
        "awaiting-approval" => "待审核",
        "published" => "已发布",
        "unchanged" => "内容未变",
        "rejected" => "未通过检查",
        "failed" => "处理失败",
        "withdrawn" => "已撤回",
        "reminder" => "催报",
        "overdue" => "逾期未报",
        _ => Kind,
    };

    /// <summary>
    /// At most this many characters of <see cref="Message"/> go on the queue (<see cref="Capped"/>): with the links and the
    /// upload name an outbox message stays far inside the 48 KB a queue message may hold before Base64 (64 KB after).
    /// </summary>
    public const int MaxMessageLength = 2000;

    /// <summary>The most a chat message's text may hold: 企业微信 refuses a text over 2,048 bytes (UTF-8).</summary>
    public const int MaxChatBytes = 2048;

    /// <summary>What a truncated text ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary>This event with <see cref="Message"/> cut to <see cref="MaxMessageLength"/> characters (ending in 「…」).</summary>
    public NotificationEvent Capped() => Message.Length <= MaxMessageLength ? this : this with { Message = Cut(Message, MaxMessageLength - Ellipsis.Length) + Ellipsis };

    /// <summary>
    /// One Chinese line with the links, the text of the 企业微信/钉钉 message:
    /// <c>【年报·已发布】已发布《…》（第 1 版）。 PDF：https://… 公告：https://…</c>. Only links to the public site
    /// (<paramref name="site"/>: same scheme, host and port, under its path) are shown — a chat group is no place for the
    /// private storage links of findings and previews, nor for a link anyone could put in a status. The text is cut to
    /// <paramref name="maxBytes"/> bytes of UTF-8, the message shortened with 「…」 so the links stay whole.
    /// </summary>
    public string Summary(Uri? site = null, int maxBytes = MaxChatBytes)
    {
        var head = $"【政务公开年报·{KindLabel}】";
        var message = Message.Trim();
        var file = Message.Contains(Upload, StringComparison.Ordinal) ? "" : $"（文件：{Upload}）";
        var links = new StringBuilder();
        foreach (var link in Links.Where(l => site is not null && IsOnSite(l.Url, site)))
        {
            var text = $" {LinkLabel(link.Kind)}：{link.Url}";
            if (Encoding.UTF8.GetByteCount(head) + Encoding.UTF8.GetByteCount(links.ToString()) + Encoding.UTF8.GetByteCount(text) + 64 > maxBytes) break;
            links.Append(text);
        }
        var room = maxBytes - Encoding.UTF8.GetByteCount(head) - Encoding.UTF8.GetByteCount(links.ToString());
        var body = message + file;
        if (Encoding.UTF8.GetByteCount(body) > room) body = CutBytes(body, room - Encoding.UTF8.GetByteCount(Ellipsis)) + Ellipsis;
        return head + body + links;
    }

    /// <summary>Whether <paramref name="url"/> is a page or file of the site at <paramref name="site"/>.</summary>
    public static bool IsOnSite(string url, Uri site) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == site.Scheme && string.Equals(uri.Host, site.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == site.Port && uri.AbsolutePath.StartsWith(site.AbsolutePath, StringComparison.Ordinal);

    /// <summary>At most <paramref name="length"/> UTF-16 units of <paramref name="text"/>, never half a surrogate pair.</summary>
    public static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        if (length <= 0) return "";
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    private static string CutBytes(string text, int maxBytes)
    {
        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes) break;
            used += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }
        return result.ToString();
    }

    private static string LinkLabel(string kind) => kind switch
    {
        "pdf" => "PDF",
        "ofd" => "OFD",
        "html" => "网页",
        "notice" => "公告",
        "index" => "目录",
        "findings-html" => "检查结果",
        "findings-json" => "检查结果（JSON）",
        "warnings-html" => "提示",
        "warnings-json" => "提示（JSON）",
        "preview" or "preview-pdf" => "预览",
        _ => kind,
    };
}
