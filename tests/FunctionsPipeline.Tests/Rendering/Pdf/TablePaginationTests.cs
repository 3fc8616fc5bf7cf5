using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Layout;
using FunctionsPipeline.Core.Samples;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

/// <summary>
/// Pagination a typesetter would sign off (issues 18 and 30; the rules are in docs/rendering.md),
/// checked on the seed report with short, medium and long section 一 prose, seven-digit figures and
/// real-shaped city reports, read back from the PDF.
/// </summary>
public class TablePaginationTests(ITestOutputHelper output)
{
    /// <summary>Section 一 lengths: short, medium and long (up to 6,000 characters), in steps of about 2.7 lines.</summary>
    public static readonly IReadOnlyList<int> ProseLengths =
        [.. Range(200, 1400), .. Range(2200, 3400), .. Range(4800, 6000)];

    /// <summary>
    /// Real-shaped cases (issue 30): a city report's mix of figures under a long 总体情况 that grows
    /// one line (37 characters) at a time over more than a page, so table 二 meets the page foot at
    /// every offset.
    /// </summary>
    public static readonly IReadOnlyList<int> LineByLineLengths = [.. Enumerable.Range(0, 32).Select(k => 1450 + 37 * k)];

    /// <summary>
    /// The corpus: every length of <see cref="ProseLengths"/> with seven digits in every cell of table 三
    /// and with a city report's mix of figures (78 reports), then the <see cref="LineByLineLengths"/>.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<(string Case, PaginatedReport Report)>> Sweep = new(() =>
        ProseLengths.SelectMany(length => new[] { (length, true), (length, false) })
            .Concat(LineByLineLengths.Select(length => (length, false)))
            .AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(c => ($"{c.length} characters, {(c.Item2 ? "seven digits" : "mixed figures")}",
                PaginatedReport.Render(DocumentBuilder.Build(PaginatedReport.SeedWith(c.length, c.Item2)))))
            .ToList());

    private static readonly ReportFonts Fonts = ReportFonts.For(new FontOptions());

    private const string ContinuedMark = "（续）";

    /// <summary>
    /// Splits forced by short pages: the seed with table 二 and table 三 taller than the page, and a
    /// table of three groups of six rows, which can only break inside its groups.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<(string Case, PaginatedReport Report)>> Forced = new(() =>
        new[] { 240, 300, 340, 380, 420, 460 }.Select(h => ($"seed, content height {h}", DocumentBuilder.Build(PaginatedReport.SeedWith(300)), h))
            .Concat(new[] { 150, 200, 260, 320 }.Select(h => ($"grouped table, content height {h}", WithBlocks("分组表", new HeadingBlock(1, "一、分组表"), GroupedTable(groups: 3, rowsPerGroup: 6)), h)))
            .AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(c => (c.Item1, PaginatedReport.Render(c.Item2, ShortPage(c.h))))
            .ToList());

    [Fact]
    public void Table_two_is_never_split_and_moves_whole_with_its_section_heading()
    {
        var moved = 0;
        foreach (var (name, report) in Sweep.Value)
        {
            var (block, table) = report.Tables.First();
            Assert.Equal("主动公开政府信息情况", table.Caption);
            var pages = report.PagesOf(block).ToList();
            Assert.True(pages.Count == 1, $"{name}: table 二 is split over pages {string.Join(",", pages.Select(p => p + 1))}");
            Assert.True(report.BlockPages[block - 1] == pages[0], $"{name}: heading 二 is on page {report.BlockPages[block - 1] + 1}, table 二 on page {pages[0] + 1}");
            // Moved: it starts a page (with its heading) although the page before had room for a few of its rows.
            if (report.Pages[pages[0]].StartsWith(Compact(((HeadingBlock)report.Document.Blocks[block - 1]).Text), StringComparison.Ordinal)
                && pages[0] > 0 && report.Fills[pages[0] - 1] < 0.85)
                moved++;
        }
        output.WriteLine($"table 二 moved whole to the next page with its heading, leaving room on the page before, in {moved} of {Sweep.Value.Count} reports");
        Assert.True(moved >= 3, "table 二 moved whole with room left on the page before in fewer than three reports; the test covers too little");
    }

    [Fact]
    public void No_group_is_split_from_its_heading_nor_broken_with_fewer_than_two_of_its_rows_on_a_side()
    {
        var (groupsBroken, cases) = (0, 0);
        foreach (var (name, report) in Sweep.Value.Concat(Forced.Value))
        {
            cases++;
            foreach (var (block, table) in report.Tables)
            {
                for (var r = table.HeaderRowCount; r < table.Rows.Count; r++)
                {
                    if (table.Rows[r].Kind == TableRowKind.Body) continue;
                    var firstBody = Enumerable.Range(r + 1, table.Rows.Count - r - 1).First(b => table.Rows[b].Kind == TableRowKind.Body);
                    Assert.True(report.RowPages[(block, r)] == report.RowPages[(block, firstBody)],
                        $"{name}: row '{PaginatedReport.RowText(table.Rows[r])}' of {table.Caption} is on page {report.RowPages[(block, r)] + 1}, its first body row on page {report.RowPages[(block, firstBody)] + 1}");
                }
                foreach (var group in GroupsOf(table))
                {
                    var perPage = group.Body.GroupBy(r => report.RowPages[(block, r)]).Select(g => g.Count()).ToList();
                    if (perPage.Count < 2) continue;
                    groupsBroken++;
                    Assert.True(perPage.All(n => n >= 2), $"{name}: the group '{group.Label}' of {table.Caption} has body rows per page {string.Join("/", perPage)}");
                }
            }
        }
        output.WriteLine($"{groupsBroken} groups broken across pages in {cases} reports, each with two or more body rows on every page (and its heading repeated: see the continuation test)");
        Assert.True(groupsBroken >= 3, "fewer than three groups crossed a page; the test covers too little");
    }

    [Fact]
    public void Each_pages_fill_is_reported_and_only_the_last_page_is_less_than_a_third_full()
    {
        var nearEmpty = new List<string>();
        foreach (var (name, report) in Sweep.Value)
        {
            var table2 = report.Tables.First().Index;
            var table3 = report.Tables.Skip(1).First().Index;
            output.WriteLine($"{name}: {report.Pages.Count} pages, fill % {report.FillSummary}; table 二 on {string.Join(",", report.PagesOf(table2).Select(p => p + 1))}, table 三 on {string.Join(",", report.PagesOf(table3).Select(p => p + 1))}");
            for (var p = 0; p < report.Pages.Count - 1; p++)
                if (report.Fills[p] < PageLoop.NearEmptyFill) nearEmpty.Add($"{name}: page {p + 1} is {report.Fills[p]:P0} full");
        }
        var inner = Sweep.Value.SelectMany(c => c.Report.Fills.SkipLast(1)).Order().ToList();
        output.WriteLine($"{Sweep.Value.Count} reports, {Sweep.Value.Sum(c => c.Report.Pages.Count)} pages; pages but the last: lowest fill {inner[0]:P0}, median {inner[inner.Count / 2]:P0}, {inner.Count(f => f < 0.5)} below half full");
        Assert.True(nearEmpty.Count == 0, string.Join("\n", nearEmpty));
    }

    [Fact]
    public void A_split_table_leaves_at_least_two_body_rows_on_each_page()
    {
        var splits = 0;
        foreach (var (length, report) in Sweep.Value)
        {
            foreach (var (block, table) in report.Tables)
            {
                var bodyRowsPerPage = Enumerable.Range(table.HeaderRowCount, table.Rows.Count - table.HeaderRowCount)
                    .Where(r => table.Rows[r].Kind == TableRowKind.Body)
                    .GroupBy(r => report.RowPages[(block, r)]).Select(g => g.Count()).ToList();
                if (bodyRowsPerPage.Count < 2) continue;
                splits++;
                Assert.True(bodyRowsPerPage.All(n => n >= 2), $"{length}: {table.Caption} has body rows per page {string.Join("/", bodyRowsPerPage)}");
            }
        }
        Assert.True(splits >= 3, "fewer than three split tables; the test covers too little");
    }

    /// <summary>
    /// Whole wherever they fit. The near-empty rule could split one, but in this corpus table 二 (over a third
    /// of a page, never split) always stands between section 一 and table 三, so moving never leaves a page near empty.
    /// </summary>
    [Fact]
    public void Tables_three_and_four_sit_on_one_page_with_their_section_heading_wherever_they_fit()
    {
        var (moved, fitting, tooTall) = (0, 0, 0);
        foreach (var (length, report) in Sweep.Value)
        {
            var kept = report.Tables.Where(t => t.Table.Keep == TableKeep.WholeUnlessPageNearEmpty).ToList();
            Assert.Equal(2, kept.Count);
            foreach (var (block, table) in kept)
            {
                var pages = report.PagesOf(block).ToList();
                if (!FitsOnAPage(table))
                {
                    tooTall++;
                    continue;
                }
                fitting++;
                Assert.True(pages.Count == 1, $"{length}: {table.Caption} is split over pages {string.Join(",", pages.Select(p => p + 1))}");
                var heading = report.BlockPages[block - 1];
                Assert.True(heading == pages[0], $"{length}: the heading of {table.Caption} is on page {heading + 1}, the table on page {pages[0] + 1}");
                // Moved: the page before had room for the heading, the header rows and a few body rows (over 150 pt).
                if (report.Pages[pages[0]].StartsWith(Compact(((HeadingBlock)report.Document.Blocks[block - 1]).Text), StringComparison.Ordinal)
                    && pages[0] > 0 && report.LowestBaselines[pages[0] - 1] > PageSetup.A4.MarginBottom + 150)
                    moved++;
            }
        }
        output.WriteLine($"{fitting} tables 三/四 fit on a page ({moved} moved whole to the next page), {tooTall} are taller than a page");
        Assert.True(moved >= 3, "table 三 or 四 started on a new page with room on the page before in fewer than three reports; the test covers too little");
    }

    [Fact]
    public void Figures_of_seven_digits_stay_whole_on_one_line()
    {
        var (_, report) = Sweep.Value.First(c => c.Case.Contains("seven", StringComparison.Ordinal));
        var bytes = Renderer.Render(report.Document, Published);
        using var pdf = PigDocument.Open(bytes);
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToHashSet();
        var tableB = report.Tables.Single(t => t.Table.Caption.StartsWith("收到和处理", StringComparison.Ordinal)).Table;
        var figures = tableB.Rows.SelectMany(r => r.Cells).Select(c => c.Text).Where(t => t.Length == 7 && t.All(char.IsAsciiDigit)).ToList();
        Assert.Equal(25 * 7, figures.Count);
        Assert.All(figures, f => Assert.Contains(f, words));
    }

    [Fact]
    public void Every_continuation_page_of_a_table_starts_with_its_header_rows_the_continuing_groups_heading_and_the_continued_span_labels()
    {
        var (continuations, groupHeadingsRepeated) = (0, 0);
        var spanLabelsContinued = new HashSet<string>();
        foreach (var (name, report) in Sweep.Value.Concat(Forced.Value))
        {
            foreach (var (block, table) in report.Tables)
            {
                var cells = Placed(table);
                var header = string.Concat(table.Rows.Take(table.HeaderRowCount).Select(PaginatedReport.RowText));
                foreach (var page in report.PagesOf(block).Skip(1))
                {
                    var firstRow = Enumerable.Range(0, table.Rows.Count).First(r => report.RowPages[(block, r)] == page);
                    var group = GroupsOf(table).SingleOrDefault(g => g.Heading.Count > 0 && (g.Heading.Contains(firstRow) || g.Body.Contains(firstRow)));
                    var repeatedGroupRows = group is null ? [] : group.Heading.Where(r => r < firstRow).ToList();
                    var groupHeading = string.Concat(repeatedGroupRows.Select(r => table.Rows[r].Kind == TableRowKind.GroupHeading
                        ? string.Concat(table.Rows[r].Cells.Select(c => Compact(c.Text) + ContinuedMark))
                        : PaginatedReport.RowText(table.Rows[r])));
                    var continued = cells.Where(c => c.Row >= table.HeaderRowCount && c.Row < firstRow && c.Row + c.Cell.RowSpan > firstRow).ToList();
                    var expected = header + groupHeading + string.Concat(continued.Select(c => Compact(c.Cell.Text) + ContinuedMark)) + PaginatedReport.RowText(table.Rows[firstRow]);
                    Assert.True(report.Pages[page].StartsWith(expected, StringComparison.Ordinal),
                        $"{name}, {table.Caption}, page {page + 1}: expected it to start with '{expected}': '{report.Pages[page]}'");
                    continuations++;
                    if (repeatedGroupRows.Count > 0) groupHeadingsRepeated++;
                    foreach (var c in continued.Where(c => c.Column == 1)) spanLabelsContinued.Add(c.Cell.Text);
                }
            }
        }
        output.WriteLine($"{continuations} continuation pages, {groupHeadingsRepeated} repeating a group heading; span labels continued: {string.Join(", ", spanLabelsContinued)}");
        Assert.True(groupHeadingsRepeated >= 3, "fewer than three continuations repeat a group heading; the test covers too little");
        Assert.NotEmpty(spanLabelsContinued);
    }

    [Fact]
    public void A_forced_split_tags_each_cell_once_and_the_repetitions_as_artifacts()
    {
        var document = DocumentBuilder.Build(PaginatedReport.SeedWith(300));
        var raw = Encoding.Latin1.GetString(Renderer.Render(document, Published, ShortPage(340)));
        var cells = document.Blocks.OfType<TableBlock>().SelectMany(t => t.Rows).SelectMany(r => r.Cells).ToList();
        Assert.Equal(cells.Count(c => c.IsHeader), Regex.Count(raw, @"/S\s*/TH\b"));
        Assert.Equal(cells.Count(c => !c.IsHeader), Regex.Count(raw, @"/S\s*/TD\b"));
        Assert.Equal(document.Blocks.OfType<TableBlock>().Count(t => t.HeaderRowCount > 0), Regex.Count(raw, @"/S\s*/THead\b"));
        Assert.Matches(@"/RowSpan 22\b", raw);
    }

    [Fact]
    public void A_table_kept_together_that_fits_a_page_only_without_its_heading_starts_below_the_heading()
    {
        // The most rows that fit on a page alone: with its heading above, the table fits no page, so moving it would only strand the heading.
        var rows = Enumerable.Range(10, 60).Last(n => FitsOnAPage(NumberedTable(n)));
        var filler = Enumerable.Range(1, 5).Select(i => (Block)new ParagraphBlock($"第{i}段。"));
        var report = PaginatedReport.Render(WithBlocks("标题", [.. filler, new HeadingBlock(1, "二、保持完整的表"), NumberedTable(rows)]));
        var (block, _) = report.Tables.Single();
        Assert.Equal(0, report.BlockPages[block - 1]);
        Assert.Equal(report.BlockPages[block - 1], report.RowPages[(block, 1)]);
        Assert.Equal(2, report.Pages.Count);
    }

    /// <summary>
    /// The rule for near-empty pages (docs/rendering.md): a table kept together moves whole to the next page
    /// only if the page it leaves is at least a third full; otherwise it splits there by its break rules.
    /// A table kept whole strictly (table 二) moves anyway.
    /// </summary>
    [Theory]
    [InlineData(3, TableKeep.WholeUnlessPageNearEmpty, false)]
    [InlineData(3, TableKeep.Whole, true)]
    [InlineData(10, TableKeep.WholeUnlessPageNearEmpty, true)]
    public void A_table_kept_together_splits_rather_than_leave_the_page_before_it_less_than_a_third_full(int proseLines, TableKeep keep, bool expectMoved)
    {
        // Fits a page whole below its heading, but not in what the prose leaves of the first page.
        var rows = Enumerable.Range(10, 60).Last(n => FitsOnAPage(NumberedTable(n))) - 3;
        var prose = new ParagraphBlock(string.Concat(Enumerable.Repeat("这是一段用于填充页面的正文文字，", 3 * proseLines))[..(37 * proseLines - 4)] + "。");
        var report = PaginatedReport.Render(WithBlocks("标题", prose, new HeadingBlock(1, "二、保持完整的表"), NumberedTable(rows, keep)));
        var (block, _) = report.Tables.Single();
        output.WriteLine($"{proseLines} lines of prose, {keep}: fill % {report.FillSummary}; table on pages {string.Join(",", report.PagesOf(block).Select(p => p + 1))}");
        var firstPageNearEmpty = report.Fills[0] < PageLoop.NearEmptyFill;
        if (expectMoved)
        {
            Assert.Equal([1], report.PagesOf(block));
            Assert.Equal(1, report.BlockPages[block - 1]);
            Assert.Equal(keep == TableKeep.Whole && proseLines == 3, firstPageNearEmpty);
        }
        else
        {
            Assert.Equal([0, 1], report.PagesOf(block));
            Assert.Equal(0, report.BlockPages[block - 1]);
            Assert.False(firstPageNearEmpty, $"page 1 is {report.Fills[0]:P0} full");
        }
    }

    [Fact]
    public void A_table_that_no_break_could_satisfy_still_renders_breaking_where_it_must()
    {
        // Three body rows, each about half a page high: no break leaves two body rows on both sides.
        var text = string.Concat(Enumerable.Repeat("这一行的内容较长，需要折成多行显示。", 30));
        var table = new TableBlock("三行表", ValueList.Of(1.0, 6.0), HeaderRowCount: 1, ValueList.Of(
            new TableRow(ValueList.Of(new TableCell("序号", IsHeader: true), new TableCell("内容", IsHeader: true))),
            new TableRow(ValueList.Of(new TableCell("1"), new TableCell("甲" + text, Align: CellAlign.Left))),
            new TableRow(ValueList.Of(new TableCell("2"), new TableCell("乙" + text, Align: CellAlign.Left))),
            new TableRow(ValueList.Of(new TableCell("3"), new TableCell("丙" + text, Align: CellAlign.Left)))));
        var report = PaginatedReport.Render(WithBlocks("标题", table), ShortPage(340));
        var (block, _) = report.Tables.Single();
        Assert.Equal([1, 2, 3], Enumerable.Range(1, 3).Select(r => report.RowPages[(block, r)]));
    }

    /// <summary>A table with one header row and <paramref name="groups"/> groups: a group heading, a column heading row and numbered body rows.</summary>
    private static TableBlock GroupedTable(int groups, int rowsPerGroup)
    {
        var rows = new List<TableRow> { new(ValueList.Of(new TableCell("序号", IsHeader: true), new TableCell("事项", IsHeader: true), new TableCell("数量", IsHeader: true))) };
        for (var g = 1; g <= groups; g++)
        {
            rows.Add(new TableRow(ValueList.Of(new TableCell($"第{g}组事项", ColSpan: 3, IsHeader: true)), TableRowKind.GroupHeading));
            rows.Add(new TableRow(ValueList.Of(new TableCell("编号", IsHeader: true), new TableCell($"第{g}组名称", IsHeader: true), new TableCell("件数", IsHeader: true)), TableRowKind.ColumnHeading));
            for (var i = 1; i <= rowsPerGroup; i++)
                rows.Add(new TableRow(ValueList.Of(new TableCell($"{g}-{i}"), new TableCell($"第{g}组第{i}项", Align: CellAlign.Left), new TableCell($"{g * 100 + i}"))));
        }
        return new TableBlock("分组表", ValueList.Of(1.0, 4.0, 2.0), HeaderRowCount: 1, rows.ToValueList());
    }

    /// <summary>A group of a table: its heading rows (group heading, column headings) and the body rows below them, up to the next group.</summary>
    private sealed record Group(string Label, IReadOnlyList<int> Heading, IReadOnlyList<int> Body);

    /// <summary>
    /// The groups of a table: a run of group or column heading rows with the body rows below it, and
    /// each label spanning body rows (table 三's （三）…（六）) with the rows it spans.
    /// </summary>
    private static List<Group> GroupsOf(TableBlock table)
    {
        var groups = new List<Group>();
        for (var r = table.HeaderRowCount; r < table.Rows.Count; r++)
        {
            if (table.Rows[r].Kind == TableRowKind.Body || (r > table.HeaderRowCount && table.Rows[r - 1].Kind != TableRowKind.Body)) continue;
            var heading = Enumerable.Range(r, table.Rows.Count - r).TakeWhile(k => table.Rows[k].Kind != TableRowKind.Body).ToList();
            var body = Enumerable.Range(heading[^1] + 1, table.Rows.Count - heading[^1] - 1).TakeWhile(k => table.Rows[k].Kind == TableRowKind.Body).ToList();
            groups.Add(new Group(PaginatedReport.RowText(table.Rows[r]), heading, body));
        }
        groups.AddRange(Placed(table).Where(c => c.Row >= table.HeaderRowCount && c.Cell.RowSpan > 1)
            .Select(c => new Group(c.Cell.Text, [], Enumerable.Range(c.Row, c.Cell.RowSpan).ToList())));
        return groups;
    }

    /// <summary>A table kept together: one header row and <paramref name="rows"/> numbered rows.</summary>
    private static TableBlock NumberedTable(int rows, TableKeep keep = TableKeep.WholeUnlessPageNearEmpty) => new("编号表", ValueList.Of(1.0, 4.0), HeaderRowCount: 1,
        new[] { new TableRow(ValueList.Of(new TableCell("序号", IsHeader: true), new TableCell("事项", IsHeader: true))) }
            .Concat(Enumerable.Range(1, rows).Select(i => new TableRow(ValueList.Of(
                new TableCell(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), new TableCell($"第{i}项事项", Align: CellAlign.Left)))))
            .ToValueList(), keep);

    [Fact]
    public void The_seed_report_still_renders_to_five_pages()
    {
        using var pdf = PigDocument.Open(Renderer.Render(DocumentBuilder.Build(SampleReports.Seed), Published));
        Assert.Equal(5, pdf.NumberOfPages);
    }

    /// <summary>Whether the table alone, as the layout measures it, fits on an empty A4 page.</summary>
    private static bool FitsOnAPage(TableBlock table) =>
        new Table(table, Fonts.TableText, Fonts.TableHeader).Measure(PageSetup.A4.ContentWidth, PageSetup.A4.ContentBottom - PageSetup.A4.MarginTop).Kind == SpacePlanKind.Full;

    /// <summary>A4 width with a content area only <paramref name="contentHeight"/> points high, to force table 三 to split.</summary>
    internal static PageSetup ShortPage(double contentHeight)
    {
        var a4 = PageSetup.A4;
        var height = a4.MarginTop + contentHeight + a4.MarginBottom;
        return a4 with { Height = height, FooterBaseline = height - (a4.Height - a4.FooterBaseline) };
    }

    /// <summary>Grid positions of a table's cells (spanned-over positions are absent from later rows).</summary>
    private static List<(TableCell Cell, int Row, int Column)> Placed(TableBlock table)
    {
        var columns = table.ColumnWidths.Count;
        var occupied = new bool[table.Rows.Count, columns];
        var placed = new List<(TableCell, int, int)>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var c = 0;
            foreach (var cell in table.Rows[r].Cells)
            {
                while (occupied[r, c]) c++;
                for (var dr = 0; dr < cell.RowSpan; dr++)
                    for (var dc = 0; dc < cell.ColSpan; dc++) occupied[r + dr, c + dc] = true;
                placed.Add((cell, r, c));
                c += cell.ColSpan;
            }
        }
        return placed;
    }

    private static IEnumerable<int> Range(int from, int to)
    {
        for (var length = from; length <= to; length += 100) yield return length;
    }
}
