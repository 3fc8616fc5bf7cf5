using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>index.html: every notice newest first, then the current version of each body's report by year. Built from the manifest only.</summary>
public static class IndexPage
{
    public const string FileName = "index.html";

    private static readonly StringComparer ChineseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);

    public static string Render(SiteManifest manifest)
    {
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<h1>政府信息公开工作年度报告公告</h1>\n");
        if (manifest.Publications.Count == 0)
        {
            sb.Append("<p class=\"empty\">尚无公告。</p>\n");
            return HtmlPage.Wrap(HtmlPage.SiteName, "", sb.ToString());
        }

        sb.Append("<h2>最新公告</h2>\n<ol class=\"notices\">\n");
        foreach (var e in manifest.NewestFirst())
        {
            sb.Append("<li><span class=\"when\">").Append(NoticePage.TimeElement(e.PublishedAt)).Append("</span>");
            if (e.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
            sb.Append("<a href=\"").Append(Href(e.Notice)).Append("\">").Append(HtmlText.Encode(NoticePage.Title(e.Title, e.Kind))).Append("</a>")
                .Append("<br><span class=\"links\">").Append(HtmlText.Encode(e.Body))
                .Append(CultureInfo.InvariantCulture, $" · {e.Year}年度 · 第{e.Version}版 · ")
                .Append("<a href=\"").Append(Href(e.Pdf)).Append("\">PDF</a> · <a href=\"").Append(Href(e.Html)).Append("\">网页版</a></span></li>\n");
        }
        sb.Append("</ol>\n");

        sb.Append("<h2>按机关和年度</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"按机关和年度\">\n<table>\n")
            .Append("<thead><tr><th scope=\"col\">机关</th><th scope=\"col\">年度</th><th scope=\"col\">现行版本</th><th scope=\"col\">文件</th></tr></thead>\n<tbody>\n");
        var current = manifest.Publications
            .GroupBy(p => (p.Body, p.Year))
            .Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.Body, ChineseOrder).ThenByDescending(p => p.Year);
        foreach (var e in current)
        {
            sb.Append("<tr><th scope=\"row\" class=\"row left\">").Append(HtmlText.Encode(e.Body)).Append("</th>")
                .Append(CultureInfo.InvariantCulture, $"<td>{e.Year}</td><td>第{e.Version}版</td>")
                .Append("<td><a href=\"").Append(Href(e.Notice)).Append("\">公告</a> · <a href=\"").Append(Href(e.Pdf))
                .Append("\">PDF</a> · <a href=\"").Append(Href(e.Html)).Append("\">网页版</a></td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</div>\n");
        return HtmlPage.Wrap(HtmlPage.SiteName, "", sb.ToString(), "index");
    }

    private static string Href(string sitePath) => HtmlText.Encode(SiteSlug.UrlPath(sitePath));
}
