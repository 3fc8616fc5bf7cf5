using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// Everything one notice shows. <see cref="Previous"/> and <see cref="Changes"/> are set for a correction
/// (<see cref="Correction"/>); <see cref="YearOverYear"/> when the body published an earlier year.
/// </summary>
internal sealed record NoticeContent(ManifestEntry Entry, AnnualReport Report, ManifestEntry? Previous, ReportChanges? Changes,
    YearOverYear? YearOverYear = null)
{
    public CatalogueMetadata Catalogue => CatalogueMetadata.For(Entry, Report.CreditCode);

    /// <summary>What a correction notice (更正公告) shows beyond a notice; null for a first publication.</summary>
    public CorrectionNotice? Correction => Entry.Kind == PublicationKind.Correction && Previous is { } previous ? new(previous, Changes) : null;
}

/// <summary>A correction notice's own part: the version it corrects (still on the site) and what changed.</summary>
internal sealed record CorrectionNotice(ManifestEntry Previous, ReportChanges? Changes);

/// <summary>
/// A notice rendered as a draft for review (Review/): marked 草稿·待审核, the time is when the preview was made, and
/// the links to earlier versions point at the live site (<paramref name="LiveYearFolder"/>, ending in '/').
/// </summary>
internal sealed record NoticeDraft(Uri LiveYearFolder);

/// <summary>
/// The notice (公告) of one publication: title, publication time in China Standard Time, links to
/// the PDF and HTML versions with the PDF's size and SHA-256, the visual summary, and for a
/// correction (更正公告) every changed value old → new and the sections whose text changed.
/// </summary>
internal static class NoticePage
{
    public const string FileName = SiteLayout.NoticeFile;

    /// <summary>From reports/{slug}/{year}/v{n}/ back to the site root.</summary>
    public const string RootHref = "../../../../";

    public static string Title(string reportTitle, string kind) => kind switch
    {
        PublicationKind.Correction => $"关于更正《{reportTitle}》的公告",
        PublicationKind.Withdrawal => $"关于撤回《{reportTitle}》的公告",
        _ => $"关于发布《{reportTitle}》的公告",
    };

    public static string Render(NoticeContent content, NoticeDraft? draft = null)
    {
        var e = content.Entry;
        var sb = new StringBuilder(16 * 1024);
        var isCorrection = e.Kind == PublicationKind.Correction;
        var catalogue = content.Catalogue;
        sb.Append(catalogue.RenderBox());
        sb.Append(draft is null ? "<article class=\"notice\">\n" : "<article class=\"notice draft\">\n")
            .Append(draft is null ? "" : "<p class=\"draft-banner\" role=\"note\">草稿 · 待审核：本页为审核预览，尚未公开；审核通过后才发布到网站。</p>\n")
            .Append("<h1>");
        if (draft is not null) sb.Append("<span class=\"kind draft\">草稿</span>");
        if (isCorrection) sb.Append("<span class=\"kind\">更正公告</span>");
        sb.Append(HtmlText.Encode(Title(e.Title, e.Kind))).Append("</h1>\n");
        sb.Append(draft is null ? "<p class=\"meta\">发布时间：" : "<p class=\"meta\">预览生成时间：").Append(TimeElement(e.PublishedAt))
            .Append(draft is null ? " · 第" : " · 拟发布为第").Append(e.Version.ToString(CultureInfo.InvariantCulture)).Append("版</p>\n");

        if (content.Correction is { Previous: var previous } correction)
        {
            sb.Append("<p class=\"lead\">").Append(HtmlText.Encode(e.Body)).Append("于")
                .Append(HtmlText.Encode(ChinaTime.FormatChinese(previous.PublishedAt))).Append("发布的《")
                .Append(HtmlText.Encode(e.Title)).Append(CultureInfo.InvariantCulture, $"》（第{previous.Version}版）经核实需要更正，")
                .Append(CultureInfo.InvariantCulture, $"现发布更正后的第{e.Version}版。原第{previous.Version}版保留可查（")
                .Append("<a href=\"").Append(HtmlText.Encode(VersionHref(previous.Version, NoticePage.FileName, draft))).Append("\">原公告</a>、")
                .Append("<a href=\"").Append(HtmlText.Encode(VersionHref(previous.Version, "report.pdf", draft))).Append("\">原PDF</a>）。</p>\n");
            AppendChanges(sb, correction.Changes);
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
        if (content.YearOverYear is { } yoy) AppendYearOverYear(sb, yoy);

        var c = content.Report.Contact;
        sb.Append("<h2>联系方式</h2>\n<p class=\"contact\">如对本报告有疑问，请与").Append(HtmlText.Encode(e.Body)).Append("联系。<br>");
        AppendContact(sb, NationalFormat.Labels.Address, c.Address);
        AppendContact(sb, NationalFormat.Labels.Postcode, c.Postcode);
        AppendContact(sb, NationalFormat.Labels.Phone, c.Phone);
        AppendContact(sb, NationalFormat.Labels.Website, c.Website);
        sb.Append("</p>\n<p class=\"signature\">").Append(HtmlText.Encode(e.Body)).Append("<br>")
            .Append(HtmlText.Encode(ChinaTime.FormatChinese(e.PublishedAt).Split(' ')[0])).Append("</p>\n");
        sb.Append("</article>\n");
        return HtmlPage.Wrap(draft is null ? Title(e.Title, e.Kind) : "（草稿·待审核）" + Title(e.Title, e.Kind), RootHref, sb.ToString(), headHtml: catalogue.RenderHead());
    }

    /// <summary>与上年相比: each key figure this year, last year and the change (较上年增加/减少 x%).</summary>
    private static void AppendYearOverYear(StringBuilder sb, YearOverYear yoy)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"yoy\">\n<h2>与上年相比</h2>\n<p>与本机关{yoy.PreviousYear}年度报告（现行版本）相比：</p>\n<ul>\n");
        foreach (var f in KeyFigures.All)
        {
            int previous = f.Value(yoy.Previous), current = f.Value(yoy.Current);
            sb.Append("<li>").Append(HtmlText.Encode(f.Label))
                .Append(CultureInfo.InvariantCulture, $" {current}件，上年 {previous}件，")
                .Append(HtmlText.Encode(KeyFigures.Change(previous, current))).Append("</li>\n");
        }
        sb.Append("</ul>\n</section>\n");
    }

    public static string TimeElement(DateTimeOffset publishedAt) =>
        $"<time datetime=\"{ChinaTime.FormatIso(publishedAt)}\">{HtmlText.Encode(ChinaTime.FormatChinese(publishedAt))}</time>";

    private static string VersionHref(int version, string file, NoticeDraft? draft)
    {
        var relative = string.Create(CultureInfo.InvariantCulture, $"v{version}/{file}");
        return draft is null ? "../" + relative : new Uri(draft.LiveYearFolder, relative).AbsoluteUri;
    }

    private static void AppendContact(StringBuilder sb, string label, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        // Shown as text only: a link from user text could carry a javascript: URL.
        sb.Append(label).Append('：').Append(HtmlText.Encode(value)).Append("<br>");
    }

    /// <summary>The correction's changes: a table of changed values (old → new) and the sections whose text changed.</summary>
    internal static void AppendChanges(StringBuilder sb, ReportChanges? changes, string heading = "更正内容")
    {
        sb.Append("<h2>").Append(heading).Append("</h2>\n");
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

    public static string FormatSize(long bytes) => ReportFiles.FormatSize(bytes);
}
