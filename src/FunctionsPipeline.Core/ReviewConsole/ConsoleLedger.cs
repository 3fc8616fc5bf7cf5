using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Review;

namespace FunctionsPipeline.Core.ReviewConsole;

/// <summary>
/// One row of the office's 发布情况台账 as the console shows it and the CSV writes it: the register's columns (type, upload
/// folder, 填报人, 审核人), the deadline, the state with days late or left, the live version and the date it was published,
/// and the upload whose preview awaits review (the ledger record's last source when it is 待审核 or a correction awaits).
/// </summary>
public sealed record ConsoleLedgerLine(LedgerRow Row, DateOnly Today)
{
    public string Body => Row.Body;
    public string Type => Row.Registered is { } b ? BodyTypes.Label(b.Type) : "";
    public string Folder => Row.Registered?.Folder ?? "";
    public string Clerks => Row.Registered is { } b ? string.Join("、", b.Clerks) : "";
    public string Reviewers => Row.Registered is { } b ? string.Join("、", b.Reviewers) : "";
    public string Deadline => Row.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Late: published after the deadline, or the deadline past with nothing published.</summary>
    public bool Overdue => Row.DaysLate > 0;

    /// <summary>Days until the deadline (0: due today) for a registered body not published and not yet late; else null.</summary>
    public int? DaysLeft => Row is { LeftRegister: false, State: not LedgerState.Published, DaysLate: 0, Deadline: { } d } ? d.DayNumber - Today.DayNumber : null;

    /// <summary>The state as <see cref="LedgerRow.Label"/> reads, with the days left before the deadline when not published yet.</summary>
    public string State => DaysLeft switch
    {
        0 => Row.Label + "（今天截止）",
        { } days => Row.Label + $"（还有 {days} 天）",
        _ => Row.Label,
    };

    public int? LiveVersion => Row.State == LedgerState.Published ? Row.Record?.Version : null;
    public string? LiveUrl => Row.State == LedgerState.Published ? Row.Record?.Url : null;

    /// <summary>When the live version was published (China date).</summary>
    public string LivePublishedOn => Row.State == LedgerState.Published && Row.Record?.PublishedAt is { } at
        ? DateOnly.FromDateTime(ChinaTime.ToChina(at).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    /// <summary>When the report was first published (what 按时/逾期 is judged by).</summary>
    public string FirstPublishedOn => Row.State == LedgerState.Published ? Row.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "" : "";

    /// <summary>The upload whose preview awaits the reviewer, or null.</summary>
    public string? PendingUpload => Row.State == LedgerState.AwaitingReview || Row.Record?.CorrectionAwaitingReview == true ? Row.Record?.Source : null;

    public static IReadOnlyList<ConsoleLedgerLine> Of(LedgerView view) => [.. view.Rows.Select(r => new ConsoleLedgerLine(r, view.Today))];

    /// <summary>Registered bodies whose preview (first publication or correction) awaits the reviewer.</summary>
    public static int AwaitingReview(LedgerView view) =>
        view.Rows.Count(r => !r.LeftRegister && (r.State == LedgerState.AwaitingReview || r.Record?.CorrectionAwaitingReview == true));

    /// <summary>Registered bodies not published with their deadline past.</summary>
    public static int OverdueUnpublished(LedgerView view) => view.Rows.Count(r => !r.LeftRegister && r.State != LedgerState.Published && r.DaysLate > 0);
}

/// <summary>The 发布情况台账 as CSV for the office's spreadsheets: UTF-8 with BOM (Excel reads it as UTF-8), CRLF, fields as <see cref="CsvText"/> writes them.</summary>
public static class LedgerCsv
{
    public static readonly string[] Headers =
        ["机关名称", "机关类型", "上传目录", "填报人", "审核人", "截止日期", "状态", "逾期天数", "剩余天数", "现行版本", "现行版本发布日期", "首次发布日期", "网页地址", "待审核上传文件"];

    public static byte[] Write(LedgerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder(256 + view.Rows.Count * 160);
        Line(sb, Headers);
        foreach (var l in ConsoleLedgerLine.Of(view))
        {
            Line(sb, [l.Body, l.Type, l.Folder, l.Clerks, l.Reviewers, l.Deadline, l.State, Number(l.Row.DaysLate), l.DaysLeft is { } left ? Number(left) : "",
                l.LiveVersion is { } v ? Number(v) : "", l.LivePublishedOn, l.FirstPublishedOn, l.LiveUrl ?? "", l.PendingUpload ?? ""]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, IEnumerable<string> cells)
    {
        sb.AppendJoin(',', cells.Select(c => CsvText.Field(c))).Append("\r\n");
    }
}

public static partial class ConsolePages
{
    public static string LedgerHref(int year) => "ledger?year=" + year.ToString(CultureInfo.InvariantCulture);

    public static string LedgerCsvHref(int year) => "ledger.csv?year=" + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The year's 发布情况台账: the counts, the year form, the CSV link and one row per body, most urgent first.</summary>
    public static string Ledger(LedgerView view, ReviewerIdentity? reviewer)
    {
        ArgumentNullException.ThrowIfNull(view);
        var year = view.Year.ToString(CultureInfo.InvariantCulture);
        var title = $"{year}年度报告发布情况台账";
        var sb = new StringBuilder(8192);
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n<h1>").Append(title).Append("</h1>\n<p>截至 ")
            .Append(view.Today.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).Append("（北京时间），最紧急的排在最前。</p>\n");
        sb.Append("<ul class=\"counts\">\n")
            .Append("<li>名单内机关 <strong>").Append(view.Registered).Append("</strong></li>\n")
            .Append("<li>按时发布 <strong>").Append(view.PublishedOnTime).Append("</strong></li>\n")
            .Append("<li>逾期发布 <strong>").Append(view.PublishedLate).Append("</strong></li>\n")
            .Append("<li>未发布 <strong>").Append(view.NotPublished).Append("</strong>（其中已逾期 ").Append(ConsoleLedgerLine.OverdueUnpublished(view)).Append("）</li>\n")
            .Append("<li>待审核 <strong>").Append(ConsoleLedgerLine.AwaitingReview(view)).Append("</strong></li>\n</ul>\n");
        AppendYearForm(sb, view.Year);
        sb.Append("<p><a href=\"").Append(HtmlText.Encode(LedgerCsvHref(view.Year))).Append("\" download>下载本台账（CSV，UTF-8）</a></p>\n");
        sb.Append("<table class=\"queue ledger\">\n<caption>共 ").Append(view.Rows.Count).Append(" 个机关；逾期的行标有“逾期”</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">机关名称</th><th scope=\"col\">机关类型</th><th scope=\"col\">上传目录</th><th scope=\"col\">填报人</th><th scope=\"col\">审核人</th>")
            .Append("<th scope=\"col\">截止日期</th><th scope=\"col\">状态</th><th scope=\"col\">现行版本</th><th scope=\"col\">链接</th></tr></thead>\n<tbody>\n");
        foreach (var l in ConsoleLedgerLine.Of(view))
        {
            sb.Append(l.Overdue ? "<tr class=\"overdue\">" : "<tr>")
                .Append("<th scope=\"row\" data-label=\"机关名称\">").Append(HtmlText.Encode(l.Body)).Append("</th>");
            Cell(sb, "机关类型", HtmlText.Encode(l.Type));
            Cell(sb, "上传目录", l.Folder.Length == 0 ? "" : $"<span class=\"code\">{HtmlText.Encode(l.Folder)}</span>");
            Cell(sb, "填报人", l.Clerks.Length == 0 && !l.Row.LeftRegister ? NoneHtml("未登记") : HtmlText.Encode(l.Clerks));
            Cell(sb, "审核人", l.Reviewers.Length == 0 && !l.Row.LeftRegister ? NoneHtml("未登记") : HtmlText.Encode(l.Reviewers));
            Cell(sb, "截止日期", HtmlText.Encode(l.Deadline));
            Cell(sb, "状态", (l.Overdue ? "<strong class=\"overdue-mark\">逾期</strong> " : "") + HtmlText.Encode(l.State));
            Cell(sb, "现行版本", l.LiveVersion is not { } v ? NoneHtml("无")
                : (l.LiveUrl is { } url ? $"<a href=\"{HtmlText.Encode(url)}\">第 {v} 版</a>" : $"第 {v} 版") + $"，{l.LivePublishedOn} 发布");
            var links = new StringBuilder();
            if (l.PendingUpload is { } upload) links.Append("<a href=\"").Append(HtmlText.Encode(PreviewHref(upload))).Append("\">审核预览</a><br>");
            links.Append("<a href=\"").Append(HtmlText.Encode(HistoryHref(l.Body, view.Year))).Append("\">审核记录</a>");
            Cell(sb, "链接", links.ToString());
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        return Page(title, reviewer, sb.ToString());
    }

    /// <summary>No register loaded: what the office does to have one.</summary>
    public static string LedgerWithoutRegister(int year, ReviewerIdentity? reviewer)
    {
        var sb = new StringBuilder(2048);
        sb.Append("<p><a href=\"./\">返回待审核列表</a></p>\n<h1>发布情况台账</h1>\n<p class=\"outcome refused\" role=\"status\">")
            .Append("尚未载入编制主体名单（应发布年度报告的机关名单），因此没有可列出的机关。</p>\n")
            .Append("<p>请管理员按名单模板（机关名称、统一社会信用代码、机关类型、上传目录、截止日期、填报人、审核人）整理 Excel 或 CSV 文件，")
            .Append("先用 <span class=\"code\">fp registry check 名单.xlsx</span> 检查，再用 <span class=\"code\">fp registry load 名单.xlsx --storage 存储连接字符串</span> ")
            .Append("载入本审核台所用的存储账户。载入后刷新本页即可看到各机关的发布情况。</p>\n");
        AppendYearForm(sb, year);
        return Page("发布情况台账", reviewer, sb.ToString());
    }

    private static void AppendYearForm(StringBuilder sb, int year) =>
        sb.Append("<form method=\"get\" action=\"ledger\" class=\"year-pick\">\n<label for=\"ledger-year\">年度</label>\n")
            .Append("<input type=\"text\" id=\"ledger-year\" name=\"year\" required inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\" value=\"")
            .Append(year.ToString(CultureInfo.InvariantCulture)).Append("\">\n<button type=\"submit\">查看</button>\n</form>\n");

    private static string NoneHtml(string text) => $"<span class=\"none\">{text}</span>";

    private static void Cell(StringBuilder sb, string label, string html) =>
        sb.Append("<td data-label=\"").Append(label).Append("\">").Append(html).Append("</td>");
}
