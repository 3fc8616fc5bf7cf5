using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// One registered body on the public page: its name and type, its deadline, and when its current report was first
/// published (null: not yet, or withdrawn) with the days past the deadline; <see cref="Withdrawn"/> when it was taken down.
/// </summary>
public sealed record PublicationStatusRow(string Body, string Type, DateOnly Deadline, DateOnly? PublishedOn, int DaysLate, bool Withdrawn = false);

/// <summary>A report year's 年度报告发布情况 as of a day: every registered body, published or not.</summary>
public sealed record PublicationStatusModel(int Year, DateOnly AsOf, IReadOnlyList<PublicationStatusRow> Rows);

/// <summary>
/// The public page 年度报告发布情况 of a report year (<c>years/{year}/status.html</c>): which registered bodies have published
/// (with the date, on time or how late) and which have not yet (due, or overdue by how many days). No script; two tables
/// with row headers; names link to the body's page when it has published.
/// </summary>
public static class PublicationStatusPage
{
    public const string FileName = "status.html";

    public static string PathOf(int year) => $"{CatalogueKey.Year(year).Folder}/{FileName}";

    public static string Title(int year) => string.Create(CultureInfo.InvariantCulture, $"{year}年度政府信息公开工作年度报告发布情况");

    public static string Render(PublicationStatusModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var published = model.Rows.Where(r => r.PublishedOn is not null).OrderBy(r => r.PublishedOn).ThenBy(r => r.Body, StringComparer.Ordinal).ToList();
        var pending = model.Rows.Where(r => r.PublishedOn is null).OrderByDescending(r => r.DaysLate).ThenBy(r => r.Deadline).ThenBy(r => r.Body, StringComparer.Ordinal).ToList();
        var late = published.Count(r => r.DaysLate > 0);
        var sb = new StringBuilder(1024 + model.Rows.Count * 200);
        sb.Append("<h1>").Append(HtmlText.Encode(Title(model.Year))).Append("</h1>\n");
        sb.Append("<p class=\"lead\">截至").Append(Date(model.AsOf)).Append(CultureInfo.InvariantCulture,
            $"，本级编制主体名单内共 {model.Rows.Count} 个机关，已发布 {published.Count} 个（按时 {published.Count - late} 个，逾期 {late} 个），尚未发布 {pending.Count} 个。")
            .Append("发布期限：政府部门和乡镇（街道）为次年1月31日前，本级人民政府为次年3月31日前（另有规定的从其规定）。</p>\n");
        sb.Append("<p><a href=\"").Append(CatalogueParts.Href(CatalogueKey.Year(model.Year).Index)).Append("\">")
            .Append(CultureInfo.InvariantCulture, $"{model.Year}年度报告目录</a></p>\n");
        sb.Append(OpenDataLinks.Render(model.Year));

        sb.Append(CultureInfo.InvariantCulture, $"<h2 id=\"published\">已发布（{published.Count}）</h2>\n");
        Table(sb, "已发布的机关", published, "发布日期", r =>
            Date(r.PublishedOn!.Value) + "</td><td>" + (r.DaysLate > 0 ? string.Create(CultureInfo.InvariantCulture, $"逾期 {r.DaysLate} 天") : "按时"));
        sb.Append(CultureInfo.InvariantCulture, $"<h2 id=\"pending\">尚未发布（{pending.Count}）</h2>\n");
        Table(sb, "尚未发布的机关", pending, "说明", r =>
            (r.Withdrawn ? "已撤回，" : "") + (r.DaysLate > 0 ? string.Create(CultureInfo.InvariantCulture, $"已逾期 {r.DaysLate} 天") : "未到期限") + "</td><td>—");
        return HtmlPage.Wrap(Title(model.Year), CatalogueParts.RootHref, sb.ToString());
    }

    private static void Table(StringBuilder sb, string label, List<PublicationStatusRow> rows, string column, Func<PublicationStatusRow, string> cells)
    {
        if (rows.Count == 0)
        {
            sb.Append("<p>无。</p>\n");
            return;
        }
        sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"").Append(label).Append("\">\n<table>\n<thead><tr>")
            .Append("<th scope=\"col\">机关</th><th scope=\"col\">机关类型</th><th scope=\"col\">截止日期</th>")
            .Append("<th scope=\"col\">").Append(column).Append("</th><th scope=\"col\">").Append(column == "说明" ? "发布日期" : "情况").Append("</th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr><th scope=\"row\" class=\"row left\">");
            if (row.PublishedOn is not null)
            {
                sb.Append("<a href=\"").Append(CatalogueParts.Href(SiteLayout.BodyPage(SiteSlug.ForBody(row.Body)))).Append("\">")
                    .Append(HtmlText.Encode(row.Body)).Append("</a>");
            }
            else
            {
                sb.Append(HtmlText.Encode(row.Body));
            }
            sb.Append("</th><td>").Append(HtmlText.Encode(row.Type)).Append("</td><td>").Append(Date(row.Deadline)).Append("</td><td>")
                .Append(cells(row)).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string Date(DateOnly day) => string.Create(CultureInfo.InvariantCulture,
        $"<time datetime=\"{day:yyyy-MM-dd}\">{day.Year}年{day.Month}月{day.Day}日</time>");
}
