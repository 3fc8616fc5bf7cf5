using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>A report year's catalogue (years/{year}/): its index and its pages, each body once at its current version, by name.</summary>
internal static class YearCatalogue
{
    /// <summary>Raise when the markup of any of these pages (or of <see cref="CatalogueParts"/>) changes: stored pages are then rewritten.</summary>
    public const int TemplateVersion = 2;

    public static string RenderIndex(PageListModel model, int year, bool statusLink = false) => CatalogueParts.RenderIndex(model,
        "<p class=\"lead\">本年度发布报告的机关分页列出，每页注明其中按名称排序的第一个和最后一个机关；点击机关名称查看其历年报告。</p>\n" +
        (statusLink ? $"<p><a href=\"{PublicationStatusPage.FileName}\">本年度报告发布情况</a>（名单内各机关是否已按期发布）</p>\n" : "") +
        OpenDataLinks.Render(year));

    public static string RenderRoot(PageListModel model) => CatalogueParts.RenderRoot(model);

    public static string RenderSplit(PageListModel model) => CatalogueParts.RenderSplit(model);

    public static string RenderPage(CataloguePageModel model)
    {
        var sb = new StringBuilder(model.Rows.Count * 320 + 1024);
        CatalogueParts.Heading(sb, model);
        sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"机关列表\">\n<table>\n")
            .Append("<thead><tr><th scope=\"col\">机关（历年报告）</th><th scope=\"col\">现行版本（公告、PDF和网页版）</th></tr></thead>\n<tbody>\n");
        foreach (var row in model.Rows)
        {
            var folder = row.Folder();
            sb.Append("<tr><th scope=\"row\" class=\"row left\"><a href=\"").Append(CatalogueParts.Href(SiteLayout.BodyPage(row.Slug))).Append("\">")
                .Append(HtmlText.Encode(row.Body)).Append("</a></th>")
                .Append("<td><a href=\"").Append(CatalogueParts.Href($"{folder}/{NoticePage.FileName}")).Append(CultureInfo.InvariantCulture, $"\">第{row.Version}版公告</a>");
            if (row.WithdrawalNotice() is { } withdrawal)
                sb.Append("<span class=\"kind withdrawn\">已撤回</span><a href=\"").Append(CatalogueParts.Href(withdrawal)).Append("\">撤回公告</a>");
            sb.Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
        return HtmlPage.Wrap(model.Title, CatalogueParts.RootHref, sb.ToString());
    }
}
