using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>
/// The body page's year-over-year view: one inline SVG bar chart per key figure across the body's published years (the
/// current version of each year; withdrawn years are left out), each with a title and a description, and one table with every value as the text
/// equivalent. No script. Built from the figures stored in the body's manifest.
/// </summary>
internal static class YearOverYearCharts
{
    // Wide and low, so six charts stacked on a phone stay short.
    private const int Width = 320, Height = 140, Top = 24, Bottom = 112, Left = 10, Right = 310;

    public static string Render(SiteManifest manifest) => Render(YearsOf(manifest));

    /// <summary>Each year's current version, oldest year first. A withdrawn year left the site: its figures leave the charts too.</summary>
    public static ValueList<ManifestEntry> YearsOf(SiteManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Publications.Where(p => !p.IsWithdrawn).GroupBy(p => p.Year)
            .Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(e => e.Year)
            .ToValueList();
    }

    /// <summary>Empty when no year has figures (a manifest written before they were stored, not yet rebuilt).</summary>
    public static string Render(IReadOnlyList<ManifestEntry> years)
    {
        if (!years.Any(e => e.Figures is not null)) return "";

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<section class=\"trends\" aria-labelledby=\"trends-heading\">\n<h2 id=\"trends-heading\">历年主要数据</h2>\n")
            .Append("<p class=\"lead\">各年度报告现行版本中的主要数据（件）。</p>\n<div class=\"trend-grid\">\n");
        foreach (var figure in KeyFigures.All) AppendChart(sb, figure, years);
        sb.Append("</div>\n");
        if (years.Any(e => e.Figures is null))
        {
            sb.Append("<p class=\"empty\">标“—”的年度尚无可用数据。</p>\n");
        }

        // The same numbers as a table: what a screen reader or a text browser reads.
        sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"历年主要数据表\">\n<table class=\"trend-table\">\n")
            .Append("<caption>历年主要数据（件）</caption>\n<thead><tr><th scope=\"col\">项目</th>");
        foreach (var e in years) sb.Append(inv, $"<th scope=\"col\">{e.Year}年度</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var figure in KeyFigures.All)
        {
            sb.Append("<tr><th scope=\"row\" class=\"row left\">").Append(HtmlText.Encode(figure.Label)).Append("</th>");
            foreach (var e in years) sb.Append("<td class=\"num\">").Append(e.Figures is { } f ? figure.Value(f).ToString(inv) : "—").Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n</section>\n");
        return sb.ToString();
    }

    private static void AppendChart(StringBuilder sb, KeyFigures.Figure figure, IReadOnlyList<ManifestEntry> years)
    {
        var inv = CultureInfo.InvariantCulture;
        var id = "trend-" + figure.Id;
        var values = years.Select(e => (e.Year, Value: e.Figures is { } f ? figure.Value(f) : (int?)null)).ToList();
        var max = Math.Max(1, values.Max(v => v.Value ?? 0));
        var description = string.Join("，", values.Select(v => v.Value is { } n ? $"{v.Year}年度{n}件" : $"{v.Year}年度无数据"));
        var slot = (double)(Right - Left) / values.Count;
        var barWidth = Math.Min(48, slot * 0.6);

        sb.Append("<figure class=\"chart trend\">\n<figcaption>").Append(HtmlText.Encode(figure.Label)).Append("</figcaption>\n");
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n");
        sb.Append(inv, $"<title id=\"{id}-title\">").Append(HtmlText.Encode($"{figure.Label}（件），历年")).Append("</title>\n");
        sb.Append(inv, $"<desc id=\"{id}-desc\">").Append(HtmlText.Encode($"{description}。{figure.Source}。")).Append("</desc>\n");
        sb.Append(inv, $"<line x1=\"{Left}\" y1=\"{Bottom}\" x2=\"{Right}\" y2=\"{Bottom}\" stroke=\"#9aa0a6\" stroke-width=\"1\"/>\n");
        for (var i = 0; i < values.Count; i++)
        {
            var (year, value) = values[i];
            var centre = Left + slot * (i + 0.5);
            if (value is { } n)
            {
                var h = n == 0 ? 0 : Math.Max(2, (double)n / max * (Bottom - Top));
                if (h > 0)
                {
                    sb.Append(inv, $"<rect class=\"bar\" x=\"{centre - barWidth / 2:0.#}\" y=\"{Bottom - h:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"#a4161a\" data-year=\"{year}\" data-value=\"{n}\"/>");
                }
                sb.Append(inv, $"<text x=\"{centre:0.#}\" y=\"{Bottom - h - 6:0.#}\" text-anchor=\"middle\" fill=\"#1a1a1a\" font-size=\"14\">{n}</text>");
            }
            else
            {
                sb.Append(inv, $"<text x=\"{centre:0.#}\" y=\"{Bottom - 6}\" text-anchor=\"middle\" fill=\"#5f6368\" font-size=\"14\">—</text>");
            }
            sb.Append(inv, $"<text x=\"{centre:0.#}\" y=\"{Bottom + 20}\" text-anchor=\"middle\" fill=\"#1a1a1a\" font-size=\"13\">{year}</text>\n");
        }
        sb.Append("</svg>\n</figure>\n");
    }
}
