using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>What the home page shows: the newest notices (newest first), the report years and the months with catalogues.</summary>
internal sealed record IndexPageModel(ValueList<RecentEntry> Notices, ValueList<int> Years, ValueList<string> Months)
{
    public static IndexPageModel From(RecentList recent) => new(RecentList.NewestFirst(recent.Entries).ToValueList(), recent.Years, recent.Months);
}

/// <summary>
/// index.html: the newest notices (at most <see cref="RecentList.Capacity"/>) and the ways in: each report
/// year's catalogue (every body, linking its own page with all its years and versions) and each month's
/// archive. Built from recent.json only, so its size does not grow with the site.
/// </summary>
internal static class IndexPage
{
    public const string FileName = SiteLayout.IndexFile;

    /// <summary>Raise when the markup changes: the stored page is then rewritten.</summary>
    public const int TemplateVersion = 1;

    public static string Render(IndexPageModel model, bool statusLinks = false)
    {
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<h1>政府信息公开工作年度报告公告</h1>\n");
        if (model.Notices.Count == 0)
        {
            sb.Append("<p class=\"empty\">尚无公告。</p>\n");
            return HtmlPage.Wrap(HtmlPage.SiteName, "", sb.ToString());
        }

        sb.Append("<h2>最新公告</h2>\n<ol class=\"notices\">\n");
        foreach (var e in model.Notices)
        {
            sb.Append(e.IsWithdrawn ? "<li class=\"withdrawn\">" : "<li>").Append("<span class=\"when\">").Append(NoticePage.TimeElement(e.PublishedAt)).Append("</span>");
            if (e.IsWithdrawalNotice) sb.Append("<span class=\"kind\">撤回公告</span>");
            else if (e.IsWithdrawn) sb.Append("<span class=\"kind withdrawn\">已撤回</span>");
            else if (e.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
            // The notice links the PDF and web versions; the index stays small by linking only notice and body.
            sb.Append("<a href=\"").Append(Href(e.Notice())).Append("\">").Append(HtmlText.Encode(NoticePage.Title(e.Title, e.Kind))).Append("</a>")
                .Append("<br><span class=\"links\"><a href=\"").Append(Href(SiteLayout.BodyPage(e.Slug))).Append("\">").Append(HtmlText.Encode(e.Body)).Append("</a>")
                .Append(CultureInfo.InvariantCulture, $" · {e.Year}年度 · ")
                .Append(e.IsWithdrawalNotice ? string.Create(CultureInfo.InvariantCulture, $"撤回第{e.Version}版")
                    : string.Create(CultureInfo.InvariantCulture, $"第{e.Version}版"));
            if (e.IsWithdrawn) sb.Append("（已撤回） · <a href=\"").Append(Href(e.WithdrawalNotice()!)).Append("\">撤回公告</a>");
            sb.Append("</span></li>\n");
        }
        sb.Append("</ol>\n");

        sb.Append(SearchScript.Box(""));
        sb.Append("<h2>按报告年度</h2>\n<p class=\"lead\">各年度目录列出当年发布报告的全部机关；点击机关名称查看该机关历年的报告、版本和更正。</p>\n<ul class=\"years\">\n");
        foreach (var year in model.Years)
        {
            sb.Append("<li><a href=\"").Append(Href(CatalogueKey.Year(year).Index)).Append("\">")
                .Append(CultureInfo.InvariantCulture, $"{year}年度</a>");
            if (statusLinks) sb.Append(" · <a href=\"").Append(Href(PublicationStatusPage.PathOf(year))).Append("\">发布情况</a>");
            sb.Append("</li>\n");
        }
        sb.Append("</ul>\n<h2>按发布月份</h2>\n<ul class=\"months\">\n");
        foreach (var month in model.Months)
        {
            var key = CatalogueKey.Month(month);
            sb.Append("<li><a href=\"").Append(Href(key.Index)).Append("\">")
                .Append(CultureInfo.InvariantCulture, $"{month[..4]}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月</a></li>\n");
        }
        sb.Append("</ul>\n");
        return HtmlPage.Wrap(HtmlPage.SiteName, "", sb.ToString(), "index", script: SearchScript.Ref);
    }

    /// <summary>
    /// A site path as a link from the root, not percent-encoded (as on the catalogue pages, <see cref="SiteLayout.Href"/>):
    /// Chinese in a path is a valid URL and a third of the size, and the index is rewritten by every publication.
    /// </summary>
    private static string Href(string sitePath) => HtmlText.Encode(sitePath);
}
