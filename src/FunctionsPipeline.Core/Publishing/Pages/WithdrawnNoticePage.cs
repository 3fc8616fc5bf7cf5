using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>What a withdrawn version's notice shows: the notice it replaces and the withdrawal.</summary>
internal sealed record WithdrawnNoticeModel(ManifestEntry Entry, Withdrawal Withdrawal);

/// <summary>
/// A withdrawn version's notice, in place of its notice: what it announced, that it was withdrawn (when, why) and a link
/// to the 撤回公告, without links to the files that left the site.
/// </summary>
internal static class WithdrawnNoticePage
{
    public static string Render(WithdrawnNoticeModel model)
    {
        var (entry, withdrawal) = model;
        var sb = new StringBuilder(2 * 1024);
        sb.Append("<article class=\"notice\">\n<h1><span class=\"kind withdrawn\">已撤回</span>")
            .Append(HtmlText.Encode(NoticePage.Title(entry.Title, entry.Kind))).Append("</h1>\n");
        sb.Append("<p class=\"meta\">发布时间：").Append(NoticePage.TimeElement(entry.PublishedAt))
            .Append(CultureInfo.InvariantCulture, $" · 第{entry.Version}版</p>\n");
        sb.Append("<div class=\"withdrawn-banner\" role=\"note\">\n<p><strong>本报告已于").Append(NoticePage.TimeElement(withdrawal.At))
            .Append("撤回</strong>，其PDF、OFD和网页版已从本网站撤下。</p>\n<p>撤回原因：").Append(HtmlText.Encode(withdrawal.Reason)).Append("</p>\n<p>详见<a href=\"")
            .Append(HtmlText.Encode(VersionHref(withdrawal.NoticeVersion, SiteSlug.WithdrawalNoticeFile))).Append("\">")
            .Append(HtmlText.Encode(NoticePage.Title(entry.Title, PublicationKind.Withdrawal))).Append("</a>。</p>\n</div>\n");
        sb.Append("<p class=\"lead\">").Append(HtmlText.Encode(entry.Body)).Append("曾于").Append(HtmlText.Encode(ChinaTime.FormatChinese(entry.PublishedAt)))
            .Append("发布《").Append(HtmlText.Encode(entry.Title)).Append(CultureInfo.InvariantCulture, $"》第{entry.Version}版。</p>\n");
        sb.Append("<p class=\"signature\">").Append(HtmlText.Encode(entry.Body)).Append("<br>")
            .Append(HtmlText.Encode(ChinaTime.FormatChinese(entry.PublishedAt).Split(' ')[0])).Append("</p>\n</article>\n");
        return HtmlPage.Wrap(NoticePage.Title(entry.Title, entry.Kind) + "（已撤回）", NoticePage.RootHref, sb.ToString());
    }

    private static string VersionHref(int version, string file) => string.Create(CultureInfo.InvariantCulture, $"../v{version}/{file}");
}
