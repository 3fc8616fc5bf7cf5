using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// The notice's visual summary as inline SVG (no script, no external image): new applications
/// by applicant type and how the year's applications were handled. Bars carry their numbers
/// as text, and each chart has a text alternative.
/// </summary>
internal static class SummaryChart
{
    public sealed record Bar(string Label, int Value);

    public static IReadOnlyList<Bar> ApplicantBars(TableB b) =>
        NationalFormat.ApplicantColumns.Where(c => c.Column != ApplicantColumn.Total)
            .Select(c => new Bar(c.Column == ApplicantColumn.OtherOrganisation ? "其他组织" : c.Label, b[TableBRow.NewlyReceived, c.Column]))
            .ToList();

    public static IReadOnlyList<Bar> OutcomeBars(TableB b)
    {
        int Total(TableBRow row) => b[row, ApplicantColumn.Total];
        int Group(string group) => NationalFormat.TableBRows.Where(r => r.Group == group).Sum(r => Total(r.Row));
        return
        [
            new("予以公开", Total(TableBRow.Granted)),
            new("部分公开", Total(TableBRow.PartiallyGranted)),
            new("不予公开", Group(NationalFormat.TableBGroups[0])),
            new("无法提供", Group(NationalFormat.TableBGroups[1])),
            new("不予处理", Group(NationalFormat.TableBGroups[2])),
            new("其他处理", Group(NationalFormat.TableBGroups[3])),
            new("结转下年度", Total(TableBRow.CarriedForward)),
        ];
    }

    public static string Render(AnnualReport report)
    {
        var b = report.Applications;
        var sb = new StringBuilder();
        var received = b[TableBRow.NewlyReceived, ApplicantColumn.Total];
        sb.Append("<section class=\"summary\">\n<h2>图解本年度数据</h2>\n");
        if (received == 0 && b[TableBRow.CarriedOver, ApplicantColumn.Total] == 0)
        {
            sb.Append("<p>本年度未收到政府信息公开申请，也无上年结转的申请。</p>\n");
        }
        AppendChart(sb, "chart-applicants", $"本年新收政府信息公开申请（共{received}件），按申请人类型", ApplicantBars(b), alt: false);
        AppendChart(sb, "chart-outcomes", "本年度申请办理结果（件）", OutcomeBars(b), alt: true);
        sb.Append("</section>\n");
        return sb.ToString();
    }

    // Narrow enough that a phone shows the labels at a readable size.
    private const int LabelWidth = 100, BarWidth = 240, RowHeight = 30, Width = 390;

    private static void AppendChart(StringBuilder sb, string id, string caption, IReadOnlyList<Bar> bars, bool alt)
    {
        var max = Math.Max(1, bars.Max(x => x.Value));
        var height = bars.Count * RowHeight + 10;
        var description = string.Join("，", bars.Select(x => $"{x.Label}{x.Value}件"));
        var inv = CultureInfo.InvariantCulture;
        sb.Append("<figure class=\"chart\">\n<figcaption id=\"").Append(id).Append("-caption\">")
            .Append(HtmlText.Encode(caption)).Append("</figcaption>\n");
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title\">\n");
        sb.Append("<title id=\"").Append(id).Append("-title\">").Append(HtmlText.Encode($"{caption}：{description}")).Append("</title>\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = 5 + i * RowHeight;
            var w = bars[i].Value == 0 ? 0 : Math.Max(2, (int)Math.Round((double)bars[i].Value / max * BarWidth));
            sb.Append(inv, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 19}\" text-anchor=\"end\" fill=\"#1a1a1a\" font-size=\"15\">{HtmlText.Encode(bars[i].Label)}</text>");
            sb.Append(inv, $"<rect class=\"track\" x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{BarWidth}\" height=\"20\" fill=\"#f1f3f4\"/>");
            if (w > 0)
                sb.Append(inv, $"<rect class=\"bar{(alt ? " alt" : "")}\" x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"20\" fill=\"{(alt ? "#1967d2" : "#a4161a")}\"/>");
            sb.Append(inv, $"<text x=\"{LabelWidth + BarWidth + 8}\" y=\"{y + 19}\" fill=\"#1a1a1a\" font-size=\"15\">{bars[i].Value}</text>\n");
        }
        sb.Append("</svg>\n</figure>\n");
    }
}
