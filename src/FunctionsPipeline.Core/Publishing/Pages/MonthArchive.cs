using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>A month's archive (months/{yyyy-MM}/): its index and its pages, every publication and 撤回公告 of the month, newest first.</summary>
internal static class MonthArchive
{
    /// <summary>Raise when the markup of any of these pages (or of <see cref="CatalogueParts"/>) changes: stored pages are then rewritten.</summary>
    public const int TemplateVersion = 1;

    public static string RenderIndex(PageListModel model) => CatalogueParts.RenderIndex(model,
        "<p class=\"lead\">本月发布的公告分页列出，每页注明其中按名称排序的第一个和最后一个机关，页内按发布时间从新到旧。</p>\n");

    public static string RenderRoot(PageListModel model) => CatalogueParts.RenderRoot(model);

    public static string RenderSplit(PageListModel model) => CatalogueParts.RenderSplit(model);

    public static string RenderPage(CataloguePageModel model)
    {
        var sb = new StringBuilder(model.Rows.Count * 360 + 1024);
        CatalogueParts.Heading(sb, model);
        sb.Append("<ol class=\"notices\">\n");
        foreach (var row in model.Rows)
        {
            var withdrawn = row.WithdrawalNotice() is { } withdrawal && !row.IsWithdrawalNotice;
            sb.Append(withdrawn ? "<li class=\"withdrawn\">" : "<li>").Append("<span class=\"when\">").Append(NoticePage.TimeElement(row.PublishedAt)).Append("</span>");
            if (row.IsWithdrawalNotice) sb.Append("<span class=\"kind\">撤回公告</span>");
            else if (withdrawn) sb.Append("<span class=\"kind withdrawn\">已撤回</span>");
            else if (row.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
            sb.Append("<a href=\"").Append(CatalogueParts.Href(row.NoticePath())).Append("\">").Append(HtmlText.Encode(row.Body))
                .Append(CultureInfo.InvariantCulture, $"{row.Year}年度报告")
                .Append(row.IsWithdrawalNotice ? "撤回公告" : string.Create(CultureInfo.InvariantCulture, $"第{row.Version}版")).Append("</a>");
            if (withdrawn) sb.Append(" · <a href=\"").Append(CatalogueParts.Href(row.WithdrawalNotice()!)).Append("\">撤回公告</a>");
            sb.Append(" · <a href=\"").Append(CatalogueParts.Href(SiteLayout.BodyPage(row.Slug))).Append("\">本机关历年报告</a></li>\n");
        }
        sb.Append("</ol>\n");
        return HtmlPage.Wrap(model.Title, CatalogueParts.RootHref, sb.ToString(), "index");
    }
}
