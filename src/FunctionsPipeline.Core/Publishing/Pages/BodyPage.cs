using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// bodies/{slug}/index.html: the key figures across the body's years as charts, then every year and version it published,
/// corrections marked. Built from the body's manifest.
/// </summary>
internal static class BodyPage
{
    public const string RootHref = "../../";

    /// <summary>Raise when the markup (or <see cref="YearOverYearCharts"/>') changes: stored pages are then rewritten.</summary>
    public const int TemplateVersion = 1;

    public static string Render(BodyPageModel model)
    {
        var sb = new StringBuilder(4 * 1024);
        sb.Append("<h1>").Append(HtmlText.Encode(model.Body)).Append("</h1>\n<p class=\"lead\">本机关历年发布的政府信息公开工作年度报告，含全部更正版本。</p>\n");
        sb.Append(YearOverYearCharts.Render(model.ChartYears));
        foreach (var year in model.Years)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h2>{year.Year}年度</h2>\n<ol class=\"notices\">\n");
            foreach (var (e, isWithdrawal, isCurrent) in year.Items)
            {
                if (isWithdrawal)
                {
                    sb.Append("<li><span class=\"when\">").Append(NoticePage.TimeElement(e.Withdrawn!.At)).Append("</span><span class=\"kind\">撤回公告</span>")
                        .Append("<a href=\"").Append(Href(e.WithdrawalNotice!)).Append("\">").Append(HtmlText.Encode(NoticePage.Title(e.Title, PublicationKind.Withdrawal))).Append("</a>")
                        .Append("<br><span class=\"links\">撤回原因：").Append(HtmlText.Encode(e.Withdrawn.Reason)).Append("</span></li>\n");
                    continue;
                }
                sb.Append(e.IsWithdrawn ? "<li class=\"withdrawn\">" : "<li>").Append("<span class=\"when\">").Append(NoticePage.TimeElement(e.PublishedAt)).Append("</span>");
                if (e.IsWithdrawn) sb.Append("<span class=\"kind withdrawn\">已撤回</span>");
                else if (e.Kind == PublicationKind.Correction) sb.Append("<span class=\"kind\">更正公告</span>");
                sb.Append("<a href=\"").Append(Href(e.Notice)).Append("\">").Append(HtmlText.Encode(NoticePage.Title(e.Title, e.Kind))).Append("</a>")
                    .Append(CultureInfo.InvariantCulture, $"<br><span class=\"links\">第{e.Version}版");
                if (e.IsWithdrawn)
                {
                    // The files are no longer on the site: link the 撤回公告 instead.
                    sb.Append("（已撤回） · <a href=\"").Append(Href(e.WithdrawalNotice!)).Append("\">撤回公告</a></span></li>\n");
                    continue;
                }
                sb.Append(isCurrent ? "（现行版本）" : "（已被更正）")
                    .Append(" · <a href=\"").Append(Href(e.Pdf)).Append("\">PDF</a> · <a href=\"").Append(Href(e.Html)).Append("\">网页版</a></span></li>\n");
            }
            sb.Append("</ol>\n");
        }
        return HtmlPage.Wrap(model.Body + " · " + HtmlPage.SiteName, RootHref, sb.ToString(), "index");
    }

    private static string Href(string sitePath) => HtmlText.Encode(SiteLayout.Href(sitePath));
}

/// <summary>What a body's page shows: its name, the years charted and each report year's lines, newest first.</summary>
internal sealed record BodyPageModel(string Body, ValueList<ManifestEntry> ChartYears, ValueList<BodyYear> Years)
{
    public static BodyPageModel From(SiteManifest manifest)
    {
        var body = manifest.Publications.Count == 0 ? "" : manifest.Publications[0].Body;
        var years = manifest.Publications.GroupBy(p => p.Year).OrderByDescending(g => g.Key).Select(year =>
        {
            var current = year.Where(p => !p.IsWithdrawn).Select(p => (int?)p.Version).Max();
            // Each 撤回公告 of the year is listed at its own time, above the versions it withdrew.
            var withdrawals = year.Where(p => p.Withdrawn is not null).GroupBy(p => p.Withdrawn!.NoticeVersion)
                .Select(g => g.MaxBy(p => p.Version)!).ToList();
            var items = year.Select(e => (Version: e.Version, Item: new BodyItem(e, false, e.Version == current)))
                .Concat(withdrawals.Select(e => (Version: e.Withdrawn!.NoticeVersion, Item: new BodyItem(e, true, false))))
                .OrderByDescending(i => i.Version).ThenByDescending(i => i.Item.IsWithdrawalNotice)
                .Select(i => i.Item);
            return new BodyYear(year.Key, items.ToValueList());
        });
        return new(body, YearOverYearCharts.YearsOf(manifest), years.ToValueList());
    }
}

/// <summary>A report year on a body's page and its lines, newest first.</summary>
internal sealed record BodyYear(int Year, ValueList<BodyItem> Items);

/// <summary>One line: a version of <see cref="Entry"/> (<see cref="IsCurrent"/> when it is the year's current one), or the 撤回公告 that withdrew it.</summary>
internal sealed record BodyItem(ManifestEntry Entry, bool IsWithdrawalNotice, bool IsCurrent);
