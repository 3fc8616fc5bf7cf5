using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Layout;
using FunctionsPipeline.Core.Samples;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

/// <summary>
/// A document rendered and read back, with the page each block and each table row landed on,
/// found by reading the text of every page in order (as a reader would).
/// </summary>
internal sealed class PaginatedReport
{
    private PaginatedReport(ReportDocument document, IReadOnlyList<string> pages, IReadOnlyList<double> lowestBaselines, IReadOnlyList<double> fills, Dictionary<(int Block, int Row), int> rowPages, Dictionary<int, int> blockPages)
    {
        Document = document;
        Pages = pages;
        LowestBaselines = lowestBaselines;
        Fills = fills;
        RowPages = rowPages;
        BlockPages = blockPages;
    }

    public ReportDocument Document { get; }

    /// <summary>Body text of each page, without blanks (page numbers left out).</summary>
    public IReadOnlyList<string> Pages { get; }

    /// <summary>Height above the bottom edge of the lowest body text on each page, in points.</summary>
    public IReadOnlyList<double> LowestBaselines { get; }

    /// <summary>
    /// How full each page is: the share of the content height from its top to the lowest ink above
    /// the footer (a glyph's bottom or a table rule), as read from the PDF.
    /// </summary>
    public IReadOnlyList<double> Fills { get; }

    /// <summary>Each page's fill in whole percent, "100 97 45 …".</summary>
    public string FillSummary => string.Join(" ", Fills.Select(f => (f * 100).ToString("0", CultureInfo.InvariantCulture)));

    /// <summary>Page index (0-based) of each table row, by (block index, row index).</summary>
    public Dictionary<(int Block, int Row), int> RowPages { get; }

    /// <summary>Page index (0-based) where each title, heading and paragraph block starts.</summary>
    public Dictionary<int, int> BlockPages { get; }

    public IEnumerable<(int Index, TableBlock Table)> Tables =>
        Document.Blocks.Select((b, i) => (i, b)).Where(x => x.b is TableBlock).Select(x => (x.i, (TableBlock)x.b));

    public static PaginatedReport Render(ReportDocument document, PageSetup? page = null)
    {
        var setup = page ?? PageSetup.A4;
        var bytes = Renderer.Render(document, Published, setup);
        using var pdf = PigDocument.Open(bytes);
        var pageList = pdf.GetPages().ToList();
        var pages = pageList.Select(BodyText).ToList();
        var lowest = pageList.Select(p => p.Letters.Where(l => l.StartBaseLine.Y > 60).Select(l => l.StartBaseLine.Y).DefaultIfEmpty(double.NaN).Min()).ToList();
        var fills = pageList.Select(p => Fill(p, setup)).ToList();

        var starts = new List<int>();
        var all = new StringBuilder();
        foreach (var text in pages)
        {
            starts.Add(all.Length);
            all.Append(text);
        }
        var whole = all.ToString();
        int PageAt(int position) => starts.FindLastIndex(s => s <= position);

        var rowPages = new Dictionary<(int, int), int>();
        var blockPages = new Dictionary<int, int>();
        var position = 0;
        int Find(string text, string what)
        {
            var found = whole.IndexOf(text, position, StringComparison.Ordinal);
            if (found < 0) throw new InvalidOperationException($"{what} '{text}' not found after position {position} of the extracted text");
            position = found + text.Length;
            return PageAt(found);
        }

        for (var b = 0; b < document.Blocks.Count; b++)
        {
            switch (document.Blocks[b])
            {
                case TableBlock table:
                    for (var r = 0; r < table.Rows.Count; r++) rowPages[(b, r)] = Find(RowText(table.Rows[r]), $"row {r} of table {table.Caption}");
                    break;
                case TitleBlock t: blockPages[b] = Find(Compact(t.Text), "title"); break;
                case HeadingBlock h: blockPages[b] = Find(Compact(h.Text), "heading"); break;
                case ParagraphBlock p: blockPages[b] = Find(Compact(p.Text), "paragraph"); break;
            }
        }
        return new PaginatedReport(document, pages, lowest, fills, rowPages, blockPages);
    }

    /// <summary>The share of the content height above the lowest ink that is not the page number (PDF y runs up from the bottom edge).</summary>
    private static double Fill(UglyToad.PdfPig.Content.Page page, PageSetup setup)
    {
        var footerTop = setup.MarginBottom - 1;
        var bottoms = page.Letters.Where(l => l.StartBaseLine.Y > footerTop).Select(l => l.BoundingBox.Bottom)
            .Concat(page.Paths.Select(p => p.GetBoundingRectangle()).OfType<UglyToad.PdfPig.Core.PdfRectangle>().Where(r => r.Bottom > footerTop).Select(r => r.Bottom))
            .DefaultIfEmpty(setup.Height - setup.MarginTop);
        var contentTop = setup.Height - setup.MarginTop;
        return Math.Clamp((contentTop - bottoms.Min()) / (setup.ContentBottom - setup.MarginTop), 0, 1);
    }

    /// <summary>A row's text as drawn: its cells left to right.</summary>
    public static string RowText(TableRow row) => Compact(string.Concat(row.Cells.Select(c => c.Text)));

    public IEnumerable<int> PagesOf(int block) => RowPages.Where(p => p.Key.Block == block).Select(p => p.Value).Distinct().Order();

    /// <summary>
    /// The seed report with section 一 prose of <paramref name="proseLength"/> characters (the
    /// seed's own paragraphs, repeated) and large figures, each different, in tables 二 and 三:
    /// seven digits in every cell, or (<paramref name="sevenDigitsEverywhere"/> false) the mix of
    /// a city report: seven digits in the 总计 column, six for 自然人, four elsewhere.
    /// </summary>
    public static AnnualReport SeedWith(int proseLength, bool sevenDigitsEverywhere = true) => SampleReports.Seed with
    {
        Overview = ProseSection.FromText(Prose(proseLength)),
        ActiveDisclosure = new TableA(
            new DocumentCounts(1_000_101, 1_000_102, 1_000_103), new DocumentCounts(1_000_201, 1_000_202, 1_000_203),
            1_000_301, 1_000_401, 1_000_402, 1_234.5678m),
        Applications = TableB.Create((row, column) => (int)row * 100 + (int)column + (sevenDigitsEverywhere ? 2_000_000 : column switch
        {
            ApplicantColumn.Total => 2_000_000,
            ApplicantColumn.NaturalPerson => 200_000,
            _ => 2_000,
        })),
    };

    /// <summary>The seed's section 一 paragraphs, cycled, <paramref name="length"/> characters in all; the last one cut short ends with 。.</summary>
    public static string Prose(int length)
    {
        var source = SampleReports.Seed.Overview.Blocks.Where(b => b.Kind == ProseBlockKind.Paragraph).Select(b => b.Text).ToList();
        var paragraphs = new List<string>();
        for (var written = 0; written < length; written += paragraphs[^1].Length)
        {
            var paragraph = source[paragraphs.Count % source.Count];
            paragraphs.Add(paragraph.Length <= length - written ? paragraph : paragraph[..Math.Max(0, length - written - 1)] + "。");
        }
        return string.Join("\n", paragraphs);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pages.Count} pages");
}
