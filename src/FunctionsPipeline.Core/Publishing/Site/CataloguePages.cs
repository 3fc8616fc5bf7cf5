using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// The pages of a report year's catalogue (each body once, at its current version, by name) and of a
/// month's archive (every publication of the month, newest first), and the index page of each.
/// Pages sit at {years|months}/{key}/pNNN.html; a body always lands on the same page number.
/// </summary>
public static class CataloguePages
{
    public const string RootHref = "../../";

    private static readonly StringComparer ChineseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);

    public static string RenderIndex(CatalogueKey key, PageSet pages)
    {
        var sb = new StringBuilder(2 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(key.Title)).Append("</h1>\n");
        sb.Append(key.IsYear
            ? "<p class=\"lead\">本年度发布报告的机关分页列出（每个机关固定在同一页，页内按机关名称排序），点击机关名称查看其历年报告。</p>\n"
            : "<p class=\"lead\">本月发布的公告分页列出（每个机关固定在同一页，页内按发布时间从新到旧）。</p>\n");
        sb.Append("<ul class=\"pages\">\n");
        foreach (var page in pages.Pages)
        {
            sb.Append("<li><a href=\"").Append(SiteLayout.PageName(page)).Append(".html\">")
                .Append(CultureInfo.InvariantCulture, $"第{page + 1}页</a></li>\n");
        }
        sb.Append("</ul>\n");
        return HtmlPage.Wrap(key.Title, RootHref, sb.ToString(), "index");
    }

    public static string RenderPage(CatalogueKey key, int page, PageRecord record) =>
        key.IsYear ? RenderYearPage(key, page, record) : RenderMonthPage(key, page, record);

    private static string RenderYearPage(CatalogueKey key, int page, PageRecord record)
    {
        var sb = new StringBuilder(record.Rows.Count * 320 + 1024);
        Heading(sb, key, page);
        sb.Append("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"机关列表\">\n<table>\n")
            .Append("<thead><tr><th scope=\"col\">机关（历年报告）</th><th scope=\"col\">现行版本（公告、PDF和网页版）</th></tr></thead>\n<tbody>\n");
        foreach (var row in record.Rows.OrderBy(r => r.Body, ChineseOrder).ThenBy(r => r.Body, StringComparer.Ordinal))
        {
            var folder = row.Folder();
            sb.Append("<tr><th scope=\"row\" class=\"row left\"><a href=\"").Append(Href(SiteLayout.BodyPage(row.Slug))).Append("\">")
                .Append(HtmlText.Encode(row.Body)).Append("</a></th>")
                .Append("<td><a href=\"").Append(Href($"{folder}/{NoticePage.FileName}")).Append(CultureInfo.InvariantCulture, $"\">第{row.Version}版公告</a>");
            if (row.WithdrawalNotice() is { } withdrawal)
                sb.Append("<span class=\"kind withdrawn\">已撤回</span><a href=\"").Append(Href(withdrawal)).Append("\">撤回公告</a>");
            sb.Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</div>\n");
        return HtmlPage.Wrap($"{key.Title}（第{page + 1}页）", RootHref, sb.ToString());
    }

    private static string RenderMonthPage(CatalogueKey key, int page, PageRecord record)
    {
        var sb = new StringBuilder(record.Rows.Count * 360 + 1024);
        Heading(sb, key, page);
        sb.Append("<ol class=\"notices\">\n");
        foreach (var row in record.Rows.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Version).ThenBy(r => r.Body, StringComparer.Ordinal))
        {
            var withdrawn = row.WithdrawalNotice() is { } withdrawal && !row.IsWithdrawalNotice;
            sb.Append(withdrawn ? "<li class=\"withdrawn\">" : "<li>").Append("<span class=\"when\">").Append(NoticePage.TimeElement(row.PublishedAt)).Append("</span>");
            if (row.IsWithdrawalNotice) sb.Append("<span class=\"kind\">撤回公告</span>");
            else if (withdrawn) sb.Append("<span class=\"kind withdrawn\">已撤回</span>");
            else if (row.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
            sb.Append("<a href=\"").Append(Href(row.NoticePath())).Append("\">").Append(HtmlText.Encode(row.Body))
                .Append(CultureInfo.InvariantCulture, $"{row.Year}年度报告")
                .Append(row.IsWithdrawalNotice ? "撤回公告" : string.Create(CultureInfo.InvariantCulture, $"第{row.Version}版")).Append("</a>");
            if (withdrawn) sb.Append(" · <a href=\"").Append(Href(row.WithdrawalNotice()!)).Append("\">撤回公告</a>");
            sb.Append(" · <a href=\"").Append(Href(SiteLayout.BodyPage(row.Slug))).Append("\">本机关历年报告</a></li>\n");
        }
        sb.Append("</ol>\n");
        return HtmlPage.Wrap($"{key.Title}（第{page + 1}页）", RootHref, sb.ToString(), "index");
    }

    private static void Heading(StringBuilder sb, CatalogueKey key, int page) =>
        sb.Append("<h1>").Append(HtmlText.Encode(key.Title)).Append(CultureInfo.InvariantCulture, $"（第{page + 1}页）</h1>\n")
            .Append("<p><a href=\"index.html\">全部分页</a></p>\n");

    private static string Href(string sitePath) => HtmlText.Encode(SiteLayout.Href(sitePath));
}
