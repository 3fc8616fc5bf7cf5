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
    /// One Chinese line with the links, the text of the 企业微信/钉钉 message:
    /// <c>【年报·已发布】已发布《…》（第 1 版）。 PDF：https://… 公告：https://…</c>.
    /// </summary>
    public string Summary()
    {
        var text = new StringBuilder($"【政务公开年报·{KindLabel}】{Message.Trim()}");
        if (!Message.Contains(Upload, StringComparison.Ordinal)) text.Append($"（文件：{Upload}）");
        foreach (var link in Links) text.Append($" {LinkLabel(link.Kind)}：{link.Url}");
        return text.ToString();
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
        "preview" or "preview-pdf" => "预览",
        _ => kind,
    };
}
