using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Withdrawals;

namespace FunctionsPipeline.Core.ReviewConsole;

/// <summary>
/// The review console's pages (Chinese, the public site's style, no script): the queue, one preview with its decision
/// forms, a decision's outcome, a body and year's history with the form that withdraws its live report, a withdrawal's
/// outcome, and refusals. Every page says who is signed in and,
/// for the development identity, that it is unverified.
/// </summary>
public static partial class ConsolePages
{
    public const string StyleFile = "console.css";

    /// <summary>The console's stylesheet: the site's, plus forms and the identity bar.</summary>
    public static readonly string Css = SiteStyles.Css + """

        .signed-in { background: #eef3f8; border-bottom: 1px solid #c8d6e5; padding: .4em 1em; font-size: .9rem; }
        .signed-in.unverified { background: #fff4d6; border-color: #b7791f; color: #5c3a00; }
        table.queue { border-collapse: collapse; width: 100%; }
        table.queue th, table.queue td { border-bottom: 1px solid #ddd; padding: .35em .5em; text-align: left; vertical-align: top; }
        .decide { display: grid; gap: 1em; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); margin: 1em 0; }
        .decide form { border: 1px solid #c8d6e5; border-radius: 4px; padding: .8em 1em; }
        .decide label { display: block; font-weight: bold; margin-bottom: .3em; }
        .decide textarea { width: 100%; box-sizing: border-box; min-height: 5em; font: inherit; }
        .decide button { font: inherit; padding: .4em 1.2em; margin-top: .5em; cursor: pointer; }
        .lookup, .year-pick { display: flex; flex-wrap: wrap; gap: .4em 1em; align-items: center; margin: .5em 0 1em; }
        .lookup input, .lookup button, .year-pick input, .year-pick button { font: inherit; padding: .3em .5em; }
        .outcome { border-left: 4px solid #2b6cb0; padding: .5em 1em; background: #f3f7fb; }
        .outcome.refused { border-color: #9b2c2c; background: #fdf2f2; }
        .code { font-family: monospace; word-break: break-all; }
        table.queue td { overflow-wrap: anywhere; }
        .counts { display: flex; flex-wrap: wrap; gap: .5em; list-style: none; padding: 0; margin: .5em 0 1em; }
        .counts li { border: 1px solid #c8d6e5; border-radius: 4px; padding: .3em .8em; background: #f3f7fb; }
        .counts strong { font-size: 1.2rem; }
        main:has(table.ledger) { max-width: 80rem; }
        table.ledger tbody th { font-weight: normal; }
        .none { color: #595959; }
        @media (min-width: 40.01em) {
          table.ledger td[data-label="截止日期"], table.ledger td[data-label="链接"] a, table.ledger td[data-label="上传目录"] .code { white-space: nowrap; word-break: normal; }
        }
        table.ledger tr.overdue > * { background: #fdf2f2; }
        table.ledger tr.overdue > :first-child { border-left: 4px solid #9b2c2c; }
        .overdue-mark { font-weight: bold; color: #9b2c2c; }
        /* Narrow screens: each row becomes a card, each cell labelled by its column (data-label). */
        @media (max-width: 40em) {
          table.queue thead { display: none; }
          table.queue tr { display: block; border-bottom: 1px solid #c8d6e5; padding: .4em 0; }
          table.queue td, table.queue th { display: block; border: 0; padding: .15em .3em; }
          table.queue td[data-label]::before { content: attr(data-label) "："; font-weight: bold; }
        }
        """;

    public static string Queue(IReadOnlyList<PreviewRecord> pending, ReviewerIdentity? reviewer)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<h1>待审核的年度报告</h1>\n");
        if (pending.Count == 0)
        {
            sb.Append("<p>目前没有待审核的报告。</p>\n");
        }
        else
        {
            sb.Append("<table class=\"queue\">\n<caption>共 ").Append(pending.Count).Append(" 份，按上传处理时间排列</caption>\n<thead><tr>")
                .Append("<th scope=\"col\">发布机关</th><th scope=\"col\">年度</th><th scope=\"col\">发布方式</th><th scope=\"col\">提示</th>")
                .Append("<th scope=\"col\">预览生成时间</th><th scope=\"col\">审核</th></tr></thead>\n<tbody>\n");
            foreach (var p in pending)
            {
                sb.Append("<tr><td data-label=\"发布机关\">").Append(HtmlText.Encode(p.Body)).Append("</td><td data-label=\"年度\">").Append(p.Year.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td data-label=\"发布方式\">").Append(KindText(p)).Append("</td><td data-label=\"提示\">").Append(p.Warnings == 0 ? "无" : $"{p.Warnings} 条")
                    .Append("</td><td data-label=\"预览生成时间\">").Append(HtmlText.Encode(ChinaTime.FormatChinese(p.PreviewedAt))).Append("</td><td><a href=\"")
                    .Append(HtmlText.Encode(PreviewHref(p.Upload))).Append("\">审核《").Append(HtmlText.Encode(p.Title)).Append("》</a></td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }
        // The region's summary (汇总): the 本级政府's tables as the sums of the registered bodies' published reports.
        sb.Append("<h2>本级政府年度报告汇总表</h2>\n<form method=\"get\" action=\"summary\"><p><label for=\"summary-year\">年度</label> ")
            .Append("<input id=\"summary-year\" name=\"year\" type=\"number\" min=\"2008\" max=\"2100\" required> ")
            .Append("<button type=\"submit\">下载汇总表（xlsx）</button></p></form>\n")
            .Append("<p>汇总名单内各机关（本级政府除外）该年度报告的现行发布版本；工作簿首页列明汇总范围和未发布的机关。</p>\n");
        // The year's 发布情况台账: every registered body's state, most urgent first.
        sb.Append("<h2>发布情况台账</h2>\n<form method=\"get\" action=\"ledger\" class=\"year-pick\">\n")
            .Append("<label for=\"ledger-year\">年度</label>\n<input type=\"text\" id=\"ledger-year\" name=\"year\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\">\n")
            .Append("<button type=\"submit\">查看发布情况台账</button>\n</form>\n")
            .Append("<p><a href=\"ledger\">上一报告年度的发布情况台账</a>（名单内各机关的填报人、审核人、截止日期和发布状态；年度留空即为上一年度）</p>\n");
        // A body and year's records, and the withdrawal of its published report, are found by name and year.
        sb.Append("<h2>查找已发布的报告</h2>\n<form method=\"get\" action=\"history\" class=\"lookup\">\n")
            .Append("<label for=\"lookup-body\">机关名称</label>\n<input type=\"text\" id=\"lookup-body\" name=\"body\" required maxlength=\"200\">\n")
            .Append("<label for=\"lookup-year\">年度</label>\n<input type=\"text\" id=\"lookup-year\" name=\"year\" required inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\">\n")
            .Append("<button type=\"submit\">查看审核记录与发布情况</button>\n</form>\n");
        return Page("待审核的年度报告", reviewer, sb.ToString());
    }

    public static string Preview(PreviewRecord record, ReviewerIdentity? reviewer)
    {
        var files = "files/" + PreviewStore.Root(record.Upload);
        var sb = new StringBuilder(4096);
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n<h1>审核：").Append(HtmlText.Encode(record.Title)).Append("</h1>\n<table class=\"queue\">\n<tbody>\n");
        void Row(string label, string html) => sb.Append("<tr><th scope=\"row\">").Append(label).Append("</th><td>").Append(html).Append("</td></tr>\n");
        Row("上传文件", HtmlText.Encode(record.Upload));
        Row("发布机关", HtmlText.Encode(record.Body));
        Row("年度", record.Year.ToString(CultureInfo.InvariantCulture));
        Row("发布方式", KindText(record));
        Row("提示", record.Warnings == 0 ? "无" : $"{record.Warnings} 条，请核对");
        Row("预览生成时间", HtmlText.Encode(ChinaTime.FormatChinese(record.PreviewedAt)));
        Row("版本（SHA-256）", $"<span class=\"code\">{HtmlText.Encode(record.Version)}</span>");
        sb.Append("</tbody>\n</table>\n<h2>预览文件</h2>\n<ul>\n")
            .Append("<li><a href=\"").Append(HtmlText.Encode(files + PreviewStore.IndexFile)).Append("\">预览总览（公告草稿、差异、检查结果、PDF、OFD、网页版）</a></li>\n");
        foreach (var (kind, label) in new[] { ("notice", "公告草稿"), ("changes", "更正内容（与现行版本的差异）"), ("changes-superseded", "修改内容（与被取代的预览的差异）"),
                     ("warnings", "检查结果与提示"), ("pdf", "PDF版"), ("ofd", "OFD版") })
        {
            if (record.File(kind) is { } file) sb.Append("<li><a href=\"files/").Append(HtmlText.Encode(SiteSlug.UrlPath(file.Path))).Append("\">").Append(label).Append("</a></li>\n");
        }
        sb.Append("</ul>\n<p><a href=\"").Append(HtmlText.Encode(HistoryHref(record.Body, record.Year))).Append("\">本机关本年度的审核记录</a></p>\n");
        if (record.Decision is null && record.SupersededBy is { } newer)
        {
            sb.Append("<p class=\"outcome\">已被同一机关同一年度更晚上传的文件“").Append(HtmlText.Encode(newer)).Append("”取代，不再审核：<a href=\"")
                .Append(HtmlText.Encode(PreviewHref(newer))).Append("\">审核最新预览</a>。</p>\n");
        }
        else if (record.Decision is { } decided)
        {
            sb.Append("<p class=\"outcome\">已于 ").Append(HtmlText.Encode(ChinaTime.FormatChinese(decided.DecidedAt))).Append(" 由 ")
                .Append(HtmlText.Encode(decided.Reviewer?.Label ?? decided.By)).Append(decided.Decision == Approval.Approved ? " 审核通过" : " 退回").Append("。</p>\n");
        }
        else
        {
            sb.Append("<h2>审核决定</h2>\n<div class=\"decide\">\n");
            AppendForm(sb, record, Approval.Approved, "通过并发布", reasonRequired: false);
            AppendForm(sb, record, Approval.Rejected, "退回", reasonRequired: true);
            sb.Append("</div>\n<p>审核人身份取自登录信息；每一项决定都写入不可改写的审核记录。</p>\n");
        }
        return Page($"审核：{record.Title}", reviewer, sb.ToString());
    }

    private static void AppendForm(StringBuilder sb, PreviewRecord record, string decision, string button, bool reasonRequired)
    {
        var id = "reason-" + decision;
        sb.Append("<form method=\"post\" action=\"decide\">\n")
            .Append("<input type=\"hidden\" name=\"upload\" value=\"").Append(HtmlText.Encode(record.Upload)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"version\" value=\"").Append(HtmlText.Encode(record.Version)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"decision\" value=\"").Append(decision).Append("\">\n")
            .Append("<label for=\"").Append(id).Append("\">").Append(reasonRequired ? "退回理由（必填）" : "审核意见（可选）").Append("</label>\n")
            .Append("<textarea id=\"").Append(id).Append("\" name=\"reason\" maxlength=\"500\"").Append(reasonRequired ? " required" : "").Append("></textarea>\n")
            .Append("<button type=\"submit\" id=\"").Append(decision).Append("\">").Append(button).Append("</button>\n</form>\n");
    }

    public static string Outcome(ApprovalStatus status, ReviewerIdentity? reviewer)
    {
        var refused = status.Outcome is ApprovalOutcome.Refused or ApprovalOutcome.Failed;
        var sb = new StringBuilder(2048);
        sb.Append("<h1>").Append(refused ? "审核决定未执行" : "审核决定已执行").Append("</h1>\n<p class=\"outcome").Append(refused ? " refused" : "")
            .Append("\" role=\"status\">").Append(HtmlText.Encode(status.Message)).Append("</p>\n");
        if (status.Code is { } code) sb.Append("<p>代码：<span class=\"code\">").Append(HtmlText.Encode(code)).Append("</span></p>\n");
        if (status.AuditId is { } id) sb.Append("<p>审核记录：<span class=\"code\">").Append(HtmlText.Encode(id)).Append("</span></p>\n");
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n");
        return Page(refused ? "审核决定未执行" : "审核决定已执行", reviewer, sb.ToString());
    }

    public static string History(string body, int year, IReadOnlyList<AuditRecord> records, ManifestEntry? live, ReviewerIdentity? reviewer)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n<h1>审核记录：").Append(HtmlText.Encode(body)).Append(' ')
            .Append(year.ToString(CultureInfo.InvariantCulture)).Append("年度</h1>\n");
        if (live is null)
        {
            sb.Append("<p>网站上没有本机关本年度现行有效的报告。</p>\n");
        }
        else
        {
            sb.Append("<p>现行版本：《").Append(HtmlText.Encode(live.Title)).Append("》第 ").Append(live.Version).Append(" 版，")
                .Append(HtmlText.Encode(ChinaTime.FormatChinese(live.PublishedAt))).Append(" 发布。</p>\n")
                .Append("<div class=\"decide\">\n<form method=\"post\" action=\"withdraw\">\n")
                .Append("<input type=\"hidden\" name=\"body\" value=\"").Append(HtmlText.Encode(live.Body)).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"year\" value=\"").Append(live.Year.ToString(CultureInfo.InvariantCulture)).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"version\" value=\"").Append(live.Version.ToString(CultureInfo.InvariantCulture)).Append("\">\n")
                .Append("<label for=\"reason-withdraw\">撤回原因（必填，将在撤回公告中公开）</label>\n")
                .Append("<textarea id=\"reason-withdraw\" name=\"reason\" maxlength=\"").Append(WithdrawalRequest.MaxReasonLength).Append("\" required></textarea>\n")
                .Append("<button type=\"submit\" id=\"withdraw\">撤回本年度报告（含全部版本）</button>\n</form>\n</div>\n")
                .Append("<p>撤回后报告文件移入存档，网站发布撤回公告；经办人取自登录信息，并写入不可改写的审核记录。</p>\n");
        }
        if (records.Count == 0)
        {
            sb.Append("<p>暂无审核记录。</p>\n");
        }
        else
        {
            sb.Append("<table class=\"queue\">\n<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">决定</th><th scope=\"col\">审核人</th>")
                .Append("<th scope=\"col\">理由</th><th scope=\"col\">上传文件</th><th scope=\"col\">网站版本</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
            foreach (var r in records)
            {
                sb.Append("<tr><td data-label=\"时间\">").Append(HtmlText.Encode(ChinaTime.FormatChinese(r.At))).Append("</td><td data-label=\"决定\">").Append(ActionText(r))
                    .Append("</td><td data-label=\"审核人\">").Append(HtmlText.Encode(r.Reviewer.Label)).Append(r.Reviewer.Upn is { } upn ? $"<br><span class=\"code\">{HtmlText.Encode(upn)}</span>" : "")
                    .Append("</td><td data-label=\"理由\">").Append(HtmlText.Encode(r.Reason ?? "")).Append("</td><td data-label=\"上传文件\">").Append(HtmlText.Encode(r.Upload ?? ""))
                    .Append("</td><td data-label=\"网站版本\">").Append(r.SiteVersion is { } v ? $"第 {v} 版" : "").Append("</td><td data-label=\"说明\">").Append(HtmlText.Encode(r.Message)).Append("</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }
        return Page($"审核记录：{body} {year}年度", reviewer, sb.ToString());
    }

    public static string WithdrawalOutcome(WithdrawalStatus status, ReviewerIdentity? reviewer)
    {
        var done = status.Outcome is Withdrawals.WithdrawalOutcome.Withdrawn or Withdrawals.WithdrawalOutcome.Unchanged;
        var title = done ? "撤回已执行" : "撤回未执行";
        var sb = new StringBuilder(2048);
        sb.Append("<h1>").Append(title).Append("</h1>\n<p class=\"outcome").Append(done ? "" : " refused").Append("\" role=\"status\">")
            .Append(HtmlText.Encode(status.Message)).Append("</p>\n");
        if (status.Code is { } code) sb.Append("<p>代码：<span class=\"code\">").Append(HtmlText.Encode(code)).Append("</span></p>\n");
        if (status.AuditId is { } id) sb.Append("<p>审核记录：<span class=\"code\">").Append(HtmlText.Encode(id)).Append("</span></p>\n");
        if (status.Links.FirstOrDefault(l => l.Kind == "withdrawal-notice") is { } notice)
        {
            sb.Append("<p><a href=\"").Append(HtmlText.Encode(notice.Url)).Append("\">查看撤回公告</a></p>\n");
        }
        if (status is { Body: { } body, Year: { } year }) sb.Append("<p><a href=\"").Append(HtmlText.Encode(HistoryHref(body, year))).Append("\">本机关本年度的审核记录</a></p>\n");
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n");
        return Page(title, reviewer, sb.ToString());
    }

    public static string Refusal(string code, string message, ReviewerIdentity? reviewer) =>
        Page("请求被拒绝", reviewer, $"<h1>请求被拒绝</h1>\n<p class=\"outcome refused\" role=\"alert\">{HtmlText.Encode(message)}</p>\n" +
                                     $"<p>代码：<span class=\"code\">{HtmlText.Encode(code)}</span></p>\n<p><a href=\"./\">返回待审核列表</a></p>\n");

    public static string NotFound(string what, ReviewerIdentity? reviewer) =>
        Page("未找到", reviewer, $"<h1>未找到</h1>\n<p>{HtmlText.Encode(what)}</p>\n<p><a href=\"./\">返回待审核列表</a></p>\n");

    public static string PreviewHref(string upload) => "preview?upload=" + Uri.EscapeDataString(upload);

    public static string HistoryHref(string body, int year) =>
        "history?body=" + Uri.EscapeDataString(body) + "&year=" + year.ToString(CultureInfo.InvariantCulture);

    private static string KindText(PreviewRecord p) =>
        p.Kind == PublicationKind.Correction ? $"更正（替换现行第 {p.LiveVersion} 版）" : "首次发布";

    private static string ActionText(AuditRecord r) => r.Action switch
    {
        AuditRecord.ApprovedAction => "审核通过",
        AuditRecord.RejectedAction => "退回",
        AuditRecord.WithdrawnAction => "撤回",
        _ => $"拒绝执行（<span class=\"code\">{HtmlText.Encode(r.Code ?? "")}</span>）",
    };

    /// <summary>The console's page shell: its own CSP (forms may post to the console itself; no script), the signed-in bar.</summary>
    private static string Page(string title, ReviewerIdentity? reviewer, string main)
    {
        var sb = new StringBuilder(main.Length + 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append(" - 年度报告审核台</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(StyleFile).Append("\">\n</head>\n<body>\n")
            .Append("<header class=\"site-header\"><a href=\"./\">年度报告审核台</a></header>\n");
        if (reviewer is null)
        {
            sb.Append("<p class=\"signed-in unverified\">未登录</p>\n");
        }
        else
        {
            sb.Append("<p class=\"signed-in").Append(reviewer.Verified ? "" : " unverified").Append("\">当前审核人：").Append(HtmlText.Encode(reviewer.DisplayName));
            if (reviewer.Upn is { } upn) sb.Append("（").Append(HtmlText.Encode(upn)).Append('）');
            if (reviewer.Source == ReviewerIdentity.DevelopmentSource) sb.Append(" · 本地开发身份，未经验证，仅限本机使用");
            sb.Append("</p>\n");
        }
        sb.Append("<main>\n").Append(main).Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
