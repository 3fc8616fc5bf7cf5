using System.Text;

namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>
/// The shell every public page shares: zh-CN, viewport for phones, a strict Content-Security-Policy
/// (no scripts at all, styles only from the site's own CSS file) and the site header and footer.
/// </summary>
public static class HtmlPage
{
    /// <summary>No JavaScript anywhere; inline SVG needs no source; styles come only from site.css.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    public const string SiteName = "政府信息公开工作年度报告";

    /// <summary>Where the head ends: markup can be added before it to a page already wrapped.</summary>
    public const string HeadEnd = "</head>\n<body>\n";

    /// <summary>Wraps <paramref name="mainHtml"/> (already encoded markup) in the page shell.</summary>
    /// <param name="title">Plain text; encoded here.</param>
    /// <param name="rootHref">Relative path from the page to the site root, e.g. <c>../../../../</c> or empty.</param>
    /// <param name="headHtml">Extra markup for the head (already encoded), e.g. catalogue metadata.</param>
    /// <param name="script">The one script a page may load (site path and its "sha256-…" hash): the CSP allows exactly that file.</param>
    public static string Wrap(string title, string rootHref, string mainHtml, string? mainClass = null, string? headHtml = null,
        (string Path, string Integrity)? script = null)
    {
        var sb = new StringBuilder(mainHtml.Length + 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(HtmlText.Encode(script is { } s
            ? ContentSecurityPolicy + $"; script-src '{s.Integrity}'; connect-src 'self'"
            : ContentSecurityPolicy)).Append("\">\n");
        sb.Append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        sb.Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n");
        sb.Append("<link rel=\"stylesheet\" href=\"").Append(HtmlText.Encode(rootHref + "site.css")).Append("\">\n");
        sb.Append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").Append(SiteName)
            .Append("\" href=\"").Append(HtmlText.Encode(rootHref + "feed.xml")).Append("\">\n");
        sb.Append(headHtml);
        if (script is { } js)
        {
            sb.Append("<script src=\"").Append(HtmlText.Encode(rootHref + js.Path)).Append("\" integrity=\"").Append(js.Integrity).Append("\" defer></script>\n");
        }
        sb.Append(HeadEnd);
        sb.Append("<header class=\"site-header\"><a href=\"").Append(HtmlText.Encode(rootHref + "index.html")).Append("\">")
            .Append(SiteName).Append("</a></header>\n");
        sb.Append("<main").Append(mainClass is null ? "" : $" class=\"{HtmlText.Encode(mainClass)}\"").Append(">\n");
        sb.Append(mainHtml);
        sb.Append("</main>\n<footer class=\"site-footer\"><a href=\"").Append(HtmlText.Encode(rootHref + "index.html"))
            .Append("\">全部公告</a> · <a href=\"").Append(HtmlText.Encode(rootHref + "feed.xml")).Append("\">订阅（Atom）</a></footer>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}
