using System.Text;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// What the year catalogue and the month archive share: the index and the list pages of split pages. Pages sit at
/// {years|months}/{key}/pNNN.html, or pNNN-01.html once split; a page that split links its halves, so an old link still
/// leads to its bodies.
/// </summary>
internal static class CatalogueParts
{
    public const string RootHref = "../../";

    /// <summary>The catalogue's index: one link per root page and the search box.</summary>
    public static string RenderIndex(PageListModel model, string lead)
    {
        var sb = new StringBuilder(4 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(model.Title)).Append("</h1>\n").Append(lead);
        sb.Append(SearchScript.Box(RootHref));
        PageList(sb, model);
        return HtmlPage.Wrap(model.Title, RootHref, sb.ToString(), "index", script: SearchScript.Ref);
    }

    /// <summary>A root page that split: every page split from it.</summary>
    public static string RenderRoot(PageListModel model)
    {
        var sb = new StringBuilder(2 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(model.Title)).Append("</h1>\n")
            .Append("<p class=\"lead\">本页列出的机关较多，已分为以下各页：</p>\n");
        PageList(sb, model);
        sb.Append("<p><a href=\"index.html\">全部分页</a></p>\n");
        return HtmlPage.Wrap(model.Title, RootHref, sb.ToString(), "index");
    }

    /// <summary>A page that split: a link to each half that got rows.</summary>
    public static string RenderSplit(PageListModel model)
    {
        var sb = new StringBuilder(1024);
        sb.Append("<h1>").Append(HtmlText.Encode(model.Title)).Append("</h1>\n")
            .Append("<p class=\"lead\">本页列出的机关较多，已分为以下各页：</p>\n<ul class=\"pages\">\n");
        foreach (var link in model.Pages) Link(sb, link);
        sb.Append("</ul>\n<p><a href=\"index.html\">全部分页</a></p>\n");
        return HtmlPage.Wrap(model.Title, RootHref, sb.ToString(), "index");
    }

    private static void PageList(StringBuilder sb, PageListModel model)
    {
        sb.Append("<ul class=\"pages\">\n");
        foreach (var link in model.Pages) Link(sb, link);
        sb.Append("</ul>\n");
    }

    private static void Link(StringBuilder sb, PageLink link) =>
        sb.Append("<li><a href=\"").Append(link.Page).Append(".html\">")
            .Append(HtmlText.Encode(link.First is null ? "（整理中）" : CatalogueText.Range(link.First, link.Last ?? link.First))).Append("</a></li>\n");

    public static void Heading(StringBuilder sb, CataloguePageModel model) =>
        sb.Append("<h1>").Append(HtmlText.Encode(model.Title)).Append("</h1>\n")
            .Append("<p><a href=\"index.html\">全部分页</a></p>\n");

    public static string Href(string sitePath) => HtmlText.Encode(SiteLayout.Href(sitePath));
}
