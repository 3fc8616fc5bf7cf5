using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// bodies/{slug}/index.html: the key figures across the body's years as charts, then every year and version it published,
/// corrections marked. Built from the body's manifest.
/// </summary>
public static class BodyPage
{
    public const string RootHref = "../../";

    public static string Render(SiteManifest manifest)
    {
        var body = manifest.Publications.Count == 0 ? "" : manifest.Publications[0].Body;
        var sb = new StringBuilder(4 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(body)).Append("</h1>\n<p class=\"lead\">本机关历年发布的政府信息公开工作年度报告，含全部更正版本。</p>\n");
        sb.Append(YearOverYearCharts.Render(manifest));
        foreach (var year in manifest.Publications.GroupBy(p => p.Year).OrderByDescending(g => g.Key))
        {
            var current = year.Max(p => p.Version);
            sb.Append(CultureInfo.InvariantCulture, $"<h2>{year.Key}年度</h2>\n<ol class=\"notices\">\n");
            foreach (var e in year.OrderByDescending(p => p.Version))
            {
                sb.Append("<li><span class=\"when\">").Append(NoticePage.TimeElement(e.PublishedAt)).Append("</span>");
                if (e.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
                sb.Append("<a href=\"").Append(Href(e.Notice)).Append("\">").Append(HtmlText.Encode(NoticePage.Title(e.Title, e.Kind))).Append("</a>")
                    .Append(CultureInfo.InvariantCulture, $"<br><span class=\"links\">第{e.Version}版")
                    .Append(e.Version == current ? "（现行版本）" : "（已被更正）")
                    .Append(" · <a href=\"").Append(Href(e.Pdf)).Append("\">PDF</a> · <a href=\"").Append(Href(e.Html)).Append("\">网页版</a></span></li>\n");
            }
            sb.Append("</ol>\n");
        }
        return HtmlPage.Wrap(body + " · " + HtmlPage.SiteName, RootHref, sb.ToString(), "index");
    }

    private static string Href(string sitePath) => HtmlText.Encode(SiteLayout.Href(sitePath));
}
