using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>Everything one notice shows. <see cref="Previous"/> and <see cref="Changes"/> are set for a correction.</summary>
public sealed record NoticeContent(ManifestEntry Entry, AnnualReport Report, ManifestEntry? Previous, ReportChanges? Changes);

/// <summary>
/// The notice (公告) of one publication: title, publication time in China Standard Time, links to
/// the PDF and HTML versions with the PDF's size and SHA-256, the visual summary, and for a
/// correction (更正公告) every changed value old → new and the sections whose text changed.
/// </summary>
public static class NoticePage
{
    public const string FileName = "notice.html";

    /// <summary>From reports/{slug}/{year}/v{n}/ back to the site root.</summary>
    public const string RootHref = "../../../../";

    public static string Title(string reportTitle, string kind) => kind == PublicationKind.Correction
        ? $"关于更正《{reportTitle}》的公告"
        : $"关于发布《{reportTitle}》的公告";

    public static string Render(NoticeContent content)
    {
        var e = content.Entry;
        var sb = new StringBuilder(16 * 1024);
        var isCorrection = e.Kind == PublicationKind.Correction;
        sb.Append("<article class=\"notice\">\n<h1>");
        if (isCorrection) sb.Append("<span class=\"kind\">更正公告</span>");
        sb.Append(HtmlText.Encode(Title(e.Title, e.Kind))).Append("</h1>\n");
        sb.Append("<p class=\"meta\">发布时间：").Append(TimeElement(e.PublishedAt))
            .Append(CultureInfo.InvariantCulture, $" · 第{e.Version}版</p>\n");

        if (isCorrection && content.Previous is { } previous)
        {
            sb.Append("<p class=\"lead\">").Append(HtmlText.Encode(e.Body)).Append("于")
                .Append(HtmlText.Encode(ChinaTime.FormatChinese(previous.PublishedAt))).Append("发布的《")
                .Append(HtmlText.Encode(e.Title)).Append(CultureInfo.InvariantCulture, $"》（第{previous.Version}版）经核实需要更正，")
                .Append(CultureInfo.InvariantCulture, $"现发布更正后的第{e.Version}版。原第{previous.Version}版保留可查（")
                .Append("<a href=\"").Append(HtmlText.Encode(VersionHref(previous.Version, NoticePage.FileName))).Append("\">原公告</a>、")
                .Append("<a href=\"").Append(HtmlText.Encode(VersionHref(previous.Version, "report.pdf"))).Append("\">原PDF</a>）。</p>\n");
            AppendChanges(sb, content.Changes);
        }
        else
        {
            sb.Append("<p class=\"lead\">根据《中华人民共和国政府信息公开条例》规定，现将《").Append(HtmlText.Encode(e.Title))
                .Append("》予以公布。</p>\n");
        }

        sb.Append("<h2>报告全文</h2>\n<ul class=\"files\">\n");
        sb.Append("<li><a href=\"report.pdf\">下载PDF版</a>（").Append(HtmlText.Encode(FormatSize(e.PdfBytes))).Append("）")
            .Append("<br><span class=\"hash\">SHA-256：").Append(HtmlText.Encode(e.PdfSha256)).Append("</span></li>\n");
        if (e is { Ofd: not null, OfdSha256: { } ofdHash, OfdBytes: { } ofdBytes })
        {
            // Versions published before OFD output have none: their notice lists only the PDF.
            sb.Append("<li><a href=\"report.ofd\">下载OFD版</a>（").Append(HtmlText.Encode(FormatSize(ofdBytes))).Append("）")
                .Append("<br><span class=\"hash\">SHA-256：").Append(HtmlText.Encode(ofdHash)).Append("</span></li>\n");
        }
        sb.Append("<li><a href=\"report.html\">在线阅读网页版</a>（适合手机阅读）</li>\n</ul>\n");

        sb.Append(SummaryChart.Render(content.Report));

        var c = content.Report.Contact;
        sb.Append("<h2>联系方式</h2>\n<p class=\"contact\">如对本报告有疑问，请与").Append(HtmlText.Encode(e.Body)).Append("联系。<br>");
        AppendContact(sb, NationalFormat.Labels.Address, c.Address);
        AppendContact(sb, NationalFormat.Labels.Postcode, c.Postcode);
        AppendContact(sb, NationalFormat.Labels.Phone, c.Phone);
        AppendContact(sb, NationalFormat.Labels.Website, c.Website);
        sb.Append("</p>\n<p class=\"signature\">").Append(HtmlText.Encode(e.Body)).Append("<br>")
            .Append(HtmlText.Encode(ChinaTime.FormatChinese(e.PublishedAt).Split(' ')[0])).Append("</p>\n");
        sb.Append("</article>\n");
        return HtmlPage.Wrap(Title(e.Title, e.Kind), RootHref, sb.ToString());
    }

    public static string TimeElement(DateTimeOffset publishedAt) =>
        $"<time datetime=\"{ChinaTime.FormatIso(publishedAt)}\">{HtmlText.Encode(ChinaTime.FormatChinese(publishedAt))}</time>";

    private static string VersionHref(int version, string file) => string.Create(CultureInfo.InvariantCulture, $"../v{version}/{file}");

    private static void AppendContact(StringBuilder sb, string label, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        // Shown as text only: a link from user text could carry a javascript: URL.
        sb.Append(label).Append('：').Append(HtmlText.Encode(value)).Append("<br>");
    }

    private static void AppendChanges(StringBuilder sb, ReportChanges? changes)
    {
        sb.Append("<h2>更正内容</h2>\n");
        if (changes is null || changes.IsEmpty)
        {
            sb.Append("<p>数据内容未变，仅重新发布。</p>\n");
            return;
        }
        if (changes.Values.Count > 0)
        {
            sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"更正的数据\">\n<table class=\"changes\">\n")
                .Append("<caption>更正的数据（原值 → 更正后）</caption>\n")
                .Append("<thead><tr><th scope=\"col\">位置</th><th scope=\"col\">项目</th><th scope=\"col\">原值</th><th scope=\"col\">更正后</th></tr></thead>\n<tbody>\n");
            foreach (var v in changes.Values)
            {
                sb.Append("<tr><td class=\"left\">").Append(HtmlText.Encode(v.Section)).Append("</td><th scope=\"row\" class=\"row left\">")
                    .Append(HtmlText.Encode(v.Label)).Append("</th><td class=\"old\">").Append(HtmlText.Encode(v.Old))
                    .Append("</td><td class=\"new\">").Append(HtmlText.Encode(v.New)).Append("</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</section>\n");
        }
        if (changes.ChangedSections.Count > 0)
        {
            sb.Append("<p>以下部分的文字有修改：</p>\n<ul class=\"changes\">\n");
            foreach (var s in changes.ChangedSections) sb.Append("<li>").Append(HtmlText.Encode(s)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
    }

    public static string FormatSize(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        var exact = bytes.ToString("N0", inv) + " 字节";
        if (bytes >= 1024 * 1024) return string.Create(inv, $"{bytes / 1024.0 / 1024.0:0.0} MB，{exact}");
        if (bytes >= 1024) return string.Create(inv, $"{bytes / 1024.0:0.0} KB，{exact}");
        return exact;
    }
}
