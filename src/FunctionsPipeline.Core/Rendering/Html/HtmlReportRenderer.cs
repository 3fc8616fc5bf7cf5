using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Document;

namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>
/// The whole report as one HTML page, from the same <see cref="ReportDocument"/> as the PDF:
/// headings, paragraphs and the three tables as real tables with row/column spans. No script;
/// every piece of text goes through <see cref="HtmlText.Encode"/>.
/// </summary>
public static class HtmlReportRenderer
{
    /// <param name="rootHref">Relative path from where the page is stored to the site root (for site.css and index.html).</param>
    /// <param name="files">The PDF and OFD stored beside the page: listed above the report with their size and SHA-256.</param>
    /// <param name="publication">What is known only once a version is published (its catalogue metadata); null before.</param>
    /// <param name="draft">The page a reviewer reads before approving: marked 草稿 first in its content (styled by the preview's CSS).</param>
    public static string Render(ReportDocument document, string rootHref = "", ReportFiles? files = null, PublicationHeader? publication = null,
        bool draft = false)
    {
        if (draft && publication is not null) throw new ArgumentException("a published page is no draft", nameof(draft));
        return HtmlPage.Wrap(document.Metadata.Title, rootHref, (draft ? DraftBanner : publication?.BoxHtml) + files?.ToHtml() + RenderMain(document),
            "report", headHtml: publication?.HeadHtml);
    }

    /// <summary>The mark of a draft report page, in the words of the draft notice.</summary>
    public const string DraftBanner = "<p class=\"draft-banner\" role=\"note\">草稿 · 待审核：本页为审核预览，尚未公开；审核通过后才发布到网站。</p>\n";

    /// <summary>The report's content without the page shell.</summary>
    public static string RenderMain(ReportDocument document)
    {
        var sb = new StringBuilder(32 * 1024);
        sb.Append("<article>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case TitleBlock title:
                    sb.Append("<h1>").Append(HtmlText.Encode(title.Text)).Append("</h1>\n");
                    break;
                case HeadingBlock heading:
                    var level = Math.Clamp(heading.Level + 1, 2, 6);
                    sb.Append(CultureInfo.InvariantCulture, $"<h{level}>").Append(HtmlText.Encode(heading.Text))
                        .Append(CultureInfo.InvariantCulture, $"</h{level}>\n");
                    break;
                case ParagraphBlock paragraph:
                    sb.Append(paragraph.FirstLineIndent ? "<p class=\"indent\">" : "<p>")
                        .Append(HtmlText.Encode(paragraph.Text)).Append("</p>\n");
                    break;
                case TableBlock table:
                    AppendTable(sb, table);
                    break;
                default:
                    throw new NotSupportedException($"No HTML for block type {block.GetType().Name}");
            }
        }
        sb.Append("</article>\n");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, TableBlock table)
    {
        var columnCount = table.Rows.Count == 0 ? 0 : table.Rows[0].Cells.Sum(c => c.ColSpan);
        // The wrapper scrolls sideways on a phone; tabindex lets keyboard users scroll it too.
        sb.Append("<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"")
            .Append(HtmlText.Encode(table.Caption)).Append("\">\n");
        sb.Append(columnCount >= 8 ? "<table class=\"wide\">\n" : "<table>\n");
        sb.Append("<caption>").Append(HtmlText.Encode(table.Caption)).Append("</caption>\n");

        var headerRows = Math.Min(table.HeaderRowCount, table.Rows.Count);
        if (headerRows > 0)
        {
            sb.Append("<thead>\n");
            for (var i = 0; i < headerRows; i++) AppendRow(sb, table.Rows[i], inHead: true);
            sb.Append("</thead>\n");
        }
        sb.Append("<tbody>\n");
        for (var i = headerRows; i < table.Rows.Count; i++) AppendRow(sb, table.Rows[i], inHead: false);
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendRow(StringBuilder sb, TableRow row, bool inHead)
    {
        sb.Append("<tr>");
        // In a body row with figures, the label cells before the first figure name the row: <th scope="row">.
        var firstNumber = -1;
        if (!inHead)
        {
            for (var i = 0; i < row.Cells.Count; i++)
            {
                if (!row.Cells[i].IsHeader && IsNumber(row.Cells[i].Text)) { firstNumber = i; break; }
            }
        }
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var cell = row.Cells[i];
            var isRowHeader = !inHead && !cell.IsHeader && i < firstNumber;
            string tag;
            string? scope;
            var classes = new List<string>(2);
            if (cell.IsHeader)
            {
                tag = "th";
                // A corner cell spanning rows and columns heads the row-label columns below it.
                scope = cell.ColSpan > 1 ? "colgroup" : "col";
            }
            else if (isRowHeader)
            {
                tag = "th";
                scope = cell.RowSpan > 1 ? "rowgroup" : "row";
                classes.Add("row");
            }
            else
            {
                tag = "td";
                scope = null;
                if (IsNumber(cell.Text)) classes.Add("num");
            }
            if (cell.Align == CellAlign.Left) classes.Add("left");
            else if (cell.Align == CellAlign.Right) classes.Add("right");

            sb.Append('<').Append(tag);
            if (scope is not null) sb.Append(" scope=\"").Append(scope).Append('"');
            if (cell.RowSpan > 1) sb.Append(CultureInfo.InvariantCulture, $" rowspan=\"{cell.RowSpan}\"");
            if (cell.ColSpan > 1) sb.Append(CultureInfo.InvariantCulture, $" colspan=\"{cell.ColSpan}\"");
            if (classes.Count > 0) sb.Append(" class=\"").Append(string.Join(' ', classes)).Append('"');
            sb.Append('>').Append(HtmlText.Encode(cell.Text)).Append("</").Append(tag).Append('>');
        }
        sb.Append("</tr>\n");
    }

    private static bool IsNumber(string text) =>
        text.Length > 0 && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
}
