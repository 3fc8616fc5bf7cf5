using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// What a 撤回公告 shows: <see cref="Current"/> is the version that was current when withdrawn (its folder holds the
/// page); <see cref="Withdrawn"/> every version this withdrawal took off the site.
/// </summary>
internal sealed record WithdrawalNoticeModel(ManifestEntry Current, ValueList<ManifestEntry> Withdrawn, Withdrawal Withdrawal)
{
    public WithdrawalNoticeModel(ManifestEntry current, IEnumerable<ManifestEntry> withdrawn, Withdrawal withdrawal) : this(current, withdrawn.ToValueList(), withdrawal)
    {
    }
}

/// <summary>
/// The 撤回公告 (reason, time in China Standard Time, which version, who; links to every withdrawn version's notice). It
/// sits in a version folder (reports/{slug}/{year}/v{n}/), so it shares the notice's relative links.
/// </summary>
internal static class WithdrawalNoticePage
{
    public static string Render(WithdrawalNoticeModel model)
    {
        var (current, withdrawn, withdrawal) = model;
        var sb = new StringBuilder(4 * 1024);
        var first = withdrawn.MinBy(e => e.Version) ?? current;
        sb.Append("<article class=\"notice\">\n<h1><span class=\"kind\">撤回公告</span>")
            .Append(HtmlText.Encode(NoticePage.Title(current.Title, PublicationKind.Withdrawal))).Append("</h1>\n");
        sb.Append("<p class=\"meta\">发布时间：").Append(NoticePage.TimeElement(withdrawal.At))
            .Append(CultureInfo.InvariantCulture, $" · 撤回第{current.Version}版（现行版本）</p>\n");
        sb.Append("<p class=\"lead\">").Append(HtmlText.Encode(current.Body)).Append("于")
            .Append(HtmlText.Encode(ChinaTime.FormatChinese(first.PublishedAt))).Append("发布的《").Append(HtmlText.Encode(current.Title)).Append("》");
        if (current.Version != first.Version)
        {
            sb.Append(CultureInfo.InvariantCulture, $"（现行版本为第{current.Version}版，")
                .Append(HtmlText.Encode(ChinaTime.FormatChinese(current.PublishedAt))).Append("发布）");
        }
        sb.Append("，现予撤回。</p>\n");
        sb.Append("<h2>撤回原因</h2>\n<p>").Append(HtmlText.Encode(withdrawal.Reason)).Append("</p>\n");
        sb.Append("<h2>撤回范围</h2>\n<p>")
            .Append(withdrawn.Count > 1 ? "该年度报告的全部版本均已撤回" : "该年度报告已撤回")
            .Append("，其PDF、OFD和网页版已从本网站撤下并存档备查；原公告保留，并注明已撤回。</p>\n<ul class=\"files\">\n");
        foreach (var e in withdrawn.OrderByDescending(e => e.Version))
        {
            sb.Append("<li><a href=\"").Append(HtmlText.Encode(VersionHref(e.Version, NoticePage.FileName))).Append("\">")
                .Append(CultureInfo.InvariantCulture, $"第{e.Version}版公告</a>（发布时间：").Append(HtmlText.Encode(ChinaTime.FormatChinese(e.PublishedAt)))
                .Append("）<br><span class=\"hash\">原PDF SHA-256：").Append(HtmlText.Encode(e.PdfSha256)).Append("</span></li>\n");
        }
        sb.Append("</ul>\n");
        sb.Append("<p>如重新发布该年度报告，将以新的版本另行公告。</p>\n");
        if (!string.IsNullOrWhiteSpace(withdrawal.By)) sb.Append("<p class=\"contact\">经办：").Append(HtmlText.Encode(withdrawal.By)).Append("</p>\n");
        sb.Append("<p class=\"signature\">").Append(HtmlText.Encode(current.Body)).Append("<br>")
            .Append(HtmlText.Encode(ChinaTime.FormatChinese(withdrawal.At).Split(' ')[0])).Append("</p>\n</article>\n");
        return HtmlPage.Wrap(NoticePage.Title(current.Title, PublicationKind.Withdrawal), NoticePage.RootHref, sb.ToString());
    }

    private static string VersionHref(int version, string file) => string.Create(CultureInfo.InvariantCulture, $"../v{version}/{file}");
}
