using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// A self-contained Chinese HTML page listing the findings, stored beside a rejected upload.
/// No scripts, no external resources (the CSP forbids both); every value is HTML-encoded.
/// </summary>
public static class FindingsHtmlReport
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style = """
        body{font-family:"Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;background:#f6f6f4}
        main{max-width:1100px;margin:0 auto;padding:24px 20px 40px;background:#fff}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px}
        .file{color:#555;word-break:break-all}
        .verdict{padding:10px 14px;border-radius:4px;font-weight:bold}
        .bad{background:#fdecea;color:#8a1c12;border:1px solid #f5c2bd}.good{background:#e8f5e9;color:#1b5e20;border:1px solid #b9e0bd}
        table{border-collapse:collapse;width:100%;font-size:14px}
        th,td{border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f0f0f0;white-space:nowrap}td.loc,td.code{white-space:nowrap;font-family:monospace}
        tr.warning td{background:#fffbe6}
        tr.section th{background:#e8eef7;text-align:left}
        blockquote{margin:0 0 6px;padding:4px 8px;border-left:3px solid #bbb;background:#fafafa}
        mark{background:#ffe08a;font-weight:bold}.cells{color:#555;font-size:13px}
        footer{margin-top:28px;color:#595959;font-size:13px}
        .table-wrap{overflow-x:auto}
        @media (max-width:480px){main{padding:16px 12px 32px}th,td{padding:5px 6px}}
        """;

    public static string Render(string fileName, ValidationResult result, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>年度报告检查结果：").Append(E(fileName)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>政府信息公开工作年度报告检查结果</h1>\n")
            .Append("<p class=\"file\">文件：").Append(E(fileName)).Append("</p>\n");

        if (result.IsValid)
        {
            html.Append("<p class=\"verdict good\">检查通过：未发现错误。</p>\n");
        }
        else
        {
            html.Append("<p class=\"verdict bad\">未通过：发现 ").Append(result.Errors.Count)
                .Append(" 处错误。本次上传没有公开，请逐项修改下列单元格后重新上传。</p>\n");
            AppendTable(html, "错误（必须修改）", result.Errors);
        }
        if (result.Warnings.Count > 0)
        {
            AppendTable(html, "提示（不影响公开，请核实）", result.Warnings);
        }
        html.Append("<footer>检查时间：")
            .Append(E(ChinaTime.ToChina(checkedAt).ToString("yyyy年M月d日 HH:mm:ss（UTCzzz）", CultureInfo.InvariantCulture)))
            .Append("。依据：《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）。</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, string heading, IReadOnlyList<Finding> findings)
    {
        // A table wider than a phone scrolls inside its own box, not the whole page.
        html.Append("<h2>").Append(E(heading)).Append("</h2>\n<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"").Append(E(heading))
            .Append("\">\n<table>\n<thead><tr>")
            .Append("<th>序号</th><th>位置</th><th>问题及修改方法</th><th>应为</th><th>实际</th><th>代码</th>")
            .Append("</tr></thead>\n<tbody>\n");
        var number = 0;
        foreach (var (section, group) in FindingGroups.BySection(findings))
        {
            // Prose findings sit under their section, so the clerk reads them where the text is.
            if (section is not null) html.Append("<tr class=\"section\"><th colspan=\"6\">").Append(E(section)).Append("</th></tr>\n");
            foreach (var f in group) AppendRow(html, f, ++number);
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendRow(StringBuilder html, Finding f, int number)
    {
        html.Append("<tr class=\"").Append(FindingsJson.SeverityName(f.Severity)).Append("\">")
            .Append("<td>").Append(number).Append("</td>")
            .Append("<td class=\"loc\">").Append(E(f.Location.Length == 0 ? "整个文件" : f.Location)).Append("</td>")
            .Append("<td>");
        AppendQuote(html, f.Quote);
        html.Append(E(f.Detail)).Append("</td>")
            .Append("<td>").Append(E(f.Expected ?? "")).Append("</td>")
            .Append("<td>").Append(E(f.Actual ?? "")).Append("</td>")
            .Append("<td class=\"code\">").Append(E(f.Code)).Append("</td>")
            .Append("</tr>\n");
    }

    // The sentence with the figure (or name) marked, and the table cells it was compared with.
    private static void AppendQuote(StringBuilder html, ProseQuote? quote)
    {
        if (quote is null) return;
        var text = quote.Text;
        html.Append("<blockquote>").Append(E(text[..quote.MarkStart]));
        if (quote.MarkLength > 0) html.Append("<mark>").Append(E(quote.Mark)).Append("</mark>");
        html.Append(E(text[(quote.MarkStart + quote.MarkLength)..])).Append("</blockquote>");
        if (quote.TableCells.Count > 0)
        {
            html.Append("<div class=\"cells\">对应表格单元格：").Append(E(string.Join("、", quote.TableCells))).Append("</div>");
        }
    }

    private static string E(string text) => Encoder.Encode(text);
}
