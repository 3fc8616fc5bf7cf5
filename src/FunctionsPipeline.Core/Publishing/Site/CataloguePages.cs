using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// The pages of a report year's catalogue (each body once, at its current version, by name) and of a
/// month's archive (every publication of the month, newest first), and the index page of each.
/// Pages sit at {years|months}/{key}/pNNN.html, or pNNN-01.html once split (<see cref="PageTree"/>); a page that split
/// links its halves, so an old link still leads to its bodies.
/// </summary>
public static class CataloguePages
{
    public const string RootHref = "../../";

    private static readonly StringComparer ChineseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);

    /// <summary>
    /// The catalogue's index: one link per root page, labelled by the first and last body name under it and ordered by
    /// them (a page holds bodies by a hash of their slug, so its number says nothing to a reader), and the search box.
    /// A root page that split lists the pages split from it, so the index stays at most a few dozen links.
    /// </summary>
    public static string RenderIndex(CatalogueKey key, PageSet pages, PageLabels labels)
    {
        var sb = new StringBuilder(4 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(key.Title)).Append("</h1>\n");
        sb.Append(key.IsYear
            ? "<p class=\"lead\">本年度发布报告的机关分页列出，每页注明其中按名称排序的第一个和最后一个机关；点击机关名称查看其历年报告。</p>\n"
            : "<p class=\"lead\">本月发布的公告分页列出，每页注明其中按名称排序的第一个和最后一个机关，页内按发布时间从新到旧。</p>\n");
        sb.Append(SearchScript.Box(RootHref));
        PageList(sb, pages.Pages.Select(PageTree.RootOf).Distinct().Select(root => (root, labels.For(root))));
        return HtmlPage.Wrap(key.Title, RootHref, sb.ToString(), "index", script: SearchScript.Ref);
    }

    /// <summary>A root page that split: every page split from it, labelled and ordered like the catalogue's index.</summary>
    public static string RenderRoot(CatalogueKey key, string root, PageLabels subtree)
    {
        var sb = new StringBuilder(2 * 1024);
        var (first, last) = Range(subtree);
        var title = $"{key.Title}：{RangeText(first, last)}";
        sb.Append("<h1>").Append(HtmlText.Encode(title)).Append("</h1>\n")
            .Append("<p class=\"lead\">本页列出的机关较多，已分为以下各页：</p>\n");
        PageList(sb, subtree.Labels.Select(l => (l.Page, (PageLabel?)l)));
        sb.Append("<p><a href=\"index.html\">全部分页</a></p>\n");
        return HtmlPage.Wrap(title, RootHref, sb.ToString(), "index");
    }

    private static void PageList(StringBuilder sb, IEnumerable<(string Page, PageLabel? Label)> pages)
    {
        sb.Append("<ul class=\"pages\">\n");
        foreach (var (page, label) in pages.OrderBy(p => p.Label?.First ?? "", ChineseOrder).ThenBy(p => p.Page, StringComparer.Ordinal))
        {
            sb.Append("<li><a href=\"").Append(page).Append(".html\">")
                .Append(HtmlText.Encode(label is null ? "（整理中）" : RangeText(label.First, label.Last))).Append("</a></li>\n");
        }
        sb.Append("</ul>\n");
    }

    /// <summary>The first and last body name on a page, in zh-CN order.</summary>
    public static (string First, string Last) Range(PageRecord record)
    {
        var names = record.Rows.Select(r => r.Body).Distinct().Order(ChineseOrder).ThenBy(n => n, StringComparer.Ordinal).ToList();
        return names.Count == 0 ? ("", "") : (names[0], names[^1]);
    }

    /// <summary>The first and last body name under the labelled pages (a root's, from its pages' labels), in zh-CN order.</summary>
    public static (string First, string Last) Range(PageLabels labels) =>
        (labels.Labels.Select(l => l.First).Min(ChineseOrder) ?? "", labels.Labels.Select(l => l.Last).Max(ChineseOrder) ?? "");

    private static string RangeText(string first, string last) => first == last ? first : $"{first} 至 {last}";

    /// <summary>A page's title: its catalogue, the names it runs from and to, and how many it holds.</summary>
    private static string PageTitle(CatalogueKey key, PageRecord record)
    {
        var (first, last) = Range(record);
        var count = key.IsYear
            ? string.Create(CultureInfo.InvariantCulture, $"共{record.Rows.Count}个机关")
            : string.Create(CultureInfo.InvariantCulture, $"共{record.Rows.Count}条公告");
        return $"{key.Title}：{RangeText(first, last)}（{count}）";
    }

    public static string RenderPage(CatalogueKey key, string page, PageRecord record) =>
        record.Split ? RenderSplitPage(key, page, record) : key.IsYear ? RenderYearPage(key, record) : RenderMonthPage(key, record);

    /// <summary>A page that split: a link to each half that got rows, labelled by the names it got.</summary>
    private static string RenderSplitPage(CatalogueKey key, string page, PageRecord record)
    {
        var sb = new StringBuilder(1024);
        sb.Append("<h1>").Append(HtmlText.Encode(key.Title)).Append("</h1>\n")
            .Append("<p class=\"lead\">本页列出的机关较多，已分为以下各页：</p>\n<ul class=\"pages\">\n");
        var (zero, one) = PageTree.Children(page);
        foreach (var child in new[] { zero, one })
        {
            var half = record.SeedFor(page, child);
            if (half.Rows.Count == 0) continue;
            var (first, last) = Range(half);
            sb.Append("<li><a href=\"").Append(child).Append(".html\">").Append(HtmlText.Encode(RangeText(first, last))).Append("</a></li>\n");
        }
        sb.Append("</ul>\n<p><a href=\"index.html\">全部分页</a></p>\n");
        return HtmlPage.Wrap(key.Title, RootHref, sb.ToString(), "index");
    }

    private static string RenderYearPage(CatalogueKey key, PageRecord record)
    {
        var sb = new StringBuilder(record.Rows.Count * 320 + 1024);
        Heading(sb, key, record);
        sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"机关列表\">\n<table>\n")
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
        sb.Append("</tbody>\n</table>\n</section>\n");
        return HtmlPage.Wrap(PageTitle(key, record), RootHref, sb.ToString());
    }

    private static string RenderMonthPage(CatalogueKey key, PageRecord record)
    {
        var sb = new StringBuilder(record.Rows.Count * 360 + 1024);
        Heading(sb, key, record);
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
        return HtmlPage.Wrap(PageTitle(key, record), RootHref, sb.ToString(), "index");
    }

    private static void Heading(StringBuilder sb, CatalogueKey key, PageRecord record) =>
        sb.Append("<h1>").Append(HtmlText.Encode(PageTitle(key, record))).Append("</h1>\n")
            .Append("<p><a href=\"index.html\">全部分页</a></p>\n");

    private static string Href(string sitePath) => HtmlText.Encode(SiteLayout.Href(sitePath));
}
