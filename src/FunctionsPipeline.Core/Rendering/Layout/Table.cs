using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// A ruled table with row and column spans. Splits across pages between rows, as a typesetter
/// would: never after a group heading or column heading row (<see cref="TableRowKind"/>), never
/// leaving fewer than two body rows on either side, nor fewer than two of a group's body rows
/// (below a group heading, or beside a row-spanning label) on either side of a break inside the
/// group, and never where a row-spanning label lacks room for its text in either part. A
/// continuation repeats the header rows, then the heading rows of a group that continues (its
/// group heading marked （续）, its column headings as they are), and, marked （续）, the label of
/// every row span that continues. The repetitions are artifacts: the structure tree holds each
/// cell once (PDF 1.7 §14.8.4.3.4: one THead, "redrawn" at each fragment), and the original
/// label's /RowSpan already covers the continued rows.
/// </summary>
public sealed class Table : Element
{
    private const double PaddingX = 3;
    private const double PaddingY = 3;
    private const double RuleWidth = 0.6;
    private const int MinBodyRowsPerPage = 2;
    internal const string Continued = "（续）";

    private readonly TableBlock block;
    private readonly TextStyle textStyle;
    private readonly TextStyle headerStyle;
    private readonly List<PlacedCell> cells;
    private readonly int rowCount;
    private readonly int[] bodyRowsBefore;
    private readonly int[] groupStart;   // per row: the first heading row of the row's group (-1 outside any group)
    private readonly int[] groupEnd;     // per row: the row after the row's group
    private TableLayout? layout;
    private int nextRow;
    private bool relaxed;

    public Table(TableBlock block, TextStyle textStyle, TextStyle headerStyle)
    {
        this.block = block;
        this.textStyle = textStyle;
        this.headerStyle = headerStyle;
        rowCount = block.Rows.Count;
        cells = Place(block);
        bodyRowsBefore = new int[rowCount + 1];
        for (var r = 0; r < rowCount; r++)
            bodyRowsBefore[r + 1] = bodyRowsBefore[r] + (r >= HeaderRows && block.Rows[r].Kind == TableRowKind.Body ? 1 : 0);
        (groupStart, groupEnd) = Groups(block);
    }

    public override bool KeepTogether => block.Keep != TableKeep.None && !IsContinuation && !relaxed;

    public override bool KeepTogetherStrictly => block.Keep == TableKeep.Whole;

    private int HeaderRows => block.HeaderRowCount;

    private bool IsContinuation => nextRow > 0;

    public override bool RelaxKeeps()
    {
        if (relaxed) return false;
        relaxed = true;
        return true;
    }

    public override SpacePlan Measure(double width, double availableHeight)
    {
        var l = LayoutFor(width);
        if (nextRow >= rowCount) return SpacePlan.Full(0);
        var headerHeight = RepeatedHeight(l);
        var end = BestEnd(l, availableHeight - headerHeight);
        if (end is null) return SpacePlan.Wrap;
        var height = headerHeight + l.Height(nextRow, end.Value);
        return end == rowCount ? SpacePlan.Full(height) : SpacePlan.Partial(height);
    }

    public override void Draw(PageRecorder canvas, double x, double top, double width, double availableHeight)
    {
        var l = LayoutFor(width);
        var headerHeight = RepeatedHeight(l);
        if (BestEnd(l, availableHeight - headerHeight) is not { } end) return;
        var boxes = new List<XRect>();
        var y = top;

        if (IsContinuation)
        {
            foreach (var cell in cells.Where(c => c.Row < HeaderRows))
            {
                var box = l.Box(cell, x, y, 0, HeaderRows);
                DrawCellText(canvas, l.Lines[cell], cell, box, artifact: true);
                boxes.Add(box);
            }
            y += l.Height(0, HeaderRows);
            var (from, to) = RepeatedGroupRows();
            foreach (var cell in cells.Where(c => c.Row >= from && c.Row < to))
            {
                var box = l.Box(cell, x, y - l.RowTop[from], from, to);
                var continued = block.Rows[cell.Row].Kind == TableRowKind.GroupHeading;
                DrawCellText(canvas, continued ? l.ContinuedLines[cell] : l.Lines[cell], cell, box, artifact: true);
                boxes.Add(box);
            }
            y += l.Height(from, to);
        }
        else
        {
            canvas.Tag(s => s.BeginElement(PdfBlockLevelElementTag.Table));
        }

        var fragmentTop = y - l.RowTop[nextRow];
        foreach (var cell in cells.Where(c => c.Row < nextRow && c.LastRow >= nextRow && c.Row >= HeaderRows))
            DrawCellText(canvas, l.ContinuedLines[cell], cell, l.Box(cell, x, fragmentTop, nextRow, end), artifact: true);
        for (var r = nextRow; r < end; r++)
        {
            if (r == 0 && HeaderRows > 0) canvas.Tag(s => s.BeginElement(PdfBlockLevelElementTag.TableHeadRowGroup));
            if (r == HeaderRows) canvas.Tag(s => s.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup));
            canvas.Tag(s => s.BeginElement(PdfBlockLevelElementTag.TableRow));
            foreach (var cell in cells.Where(c => c.Row == r))
            {
                var columnHeader = cell.Cell.IsHeader && r < HeaderRows;
                canvas.Tag(s =>
                {
                    s.BeginElement(cell.Cell.IsHeader ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                    if (cell.Cell.RowSpan > 1) s.SetRowSpan(cell.Cell.RowSpan);
                    if (cell.Cell.ColSpan > 1) s.SetColSpan(cell.Cell.ColSpan);
                    if (columnHeader) s.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/Column");
                });
                DrawCellText(canvas, l.Lines[cell], cell, l.Box(cell, x, fragmentTop, nextRow, end), artifact: false);
                canvas.Tag(s => s.End());
            }
            canvas.Tag(s => s.End());
            if (r == HeaderRows - 1) canvas.Tag(s => s.End());
        }
        boxes.AddRange(cells.Where(c => c.Row < end && c.LastRow >= nextRow).Select(c => l.Box(c, x, fragmentTop, nextRow, end)));
        canvas.DrawArtifactBoxes(boxes, RuleWidth);

        nextRow = end;
        relaxed = false;
        if (nextRow == rowCount)
        {
            if (HeaderRows < rowCount) canvas.Tag(s => s.End());   // body row group
            canvas.Tag(s => s.End());                              // table
        }
    }

    /// <summary>The last row (exclusive) of the longest run from <see cref="nextRow"/> that fits and may end a page; null if none.</summary>
    private int? BestEnd(TableLayout l, double availableHeight)
    {
        int? best = null;
        var firstAllowedEnd = Math.Min(rowCount, Math.Max(nextRow + 1, HeaderRows + 1));   // never a page holding only header rows
        for (var end = firstAllowedEnd; end <= rowCount; end++)
        {
            if (l.Height(nextRow, end) > availableHeight + 0.001) break;
            if (end == rowCount || CanBreakBefore(l, end)) best = end;
        }
        return best;
    }

    /// <summary>
    /// A page may end above <paramref name="row"/> if the row above is a body row, at least two body
    /// rows stand on each side, and every label spanning the break has room for its text (marked
    /// （续） where it is a repetition) in its part above and in the rest of its span below.
    /// </summary>
    private bool CanBreakBefore(TableLayout l, int row)
    {
        if (relaxed) return true;
        if (block.Rows[row - 1].Kind != TableRowKind.Body) return false;
        if (BodyRows(nextRow, row) < MinBodyRowsPerPage || BodyRows(row, rowCount) < MinBodyRowsPerPage) return false;
        if (groupStart[row] >= 0 && groupStart[row] == groupStart[row - 1]
            && (BodyRows(groupStart[row], row) < MinBodyRowsPerPage || BodyRows(row, groupEnd[row]) < MinBodyRowsPerPage)) return false;
        return cells.Where(c => c.Row < row && c.LastRow >= row).All(c =>
            BodyRows(c.Row, row) >= MinBodyRowsPerPage && BodyRows(row, c.LastRow + 1) >= MinBodyRowsPerPage &&
            l.Height(Math.Max(c.Row, nextRow), row) >= l.TextHeight(c, continued: c.Row < nextRow) + 2 * PaddingY
            && l.Height(row, c.LastRow + 1) >= l.TextHeight(c, continued: true) + 2 * PaddingY);
    }

    private int BodyRows(int fromRow, int toRow) => bodyRowsBefore[toRow] - bodyRowsBefore[fromRow];

    /// <summary>Height of what a continuation repeats above its first row: the header rows and the continuing group's heading rows; 0 on the first part.</summary>
    private double RepeatedHeight(TableLayout l)
    {
        if (!IsContinuation) return 0;
        var (from, to) = RepeatedGroupRows();
        return l.Height(0, HeaderRows) + l.Height(from, to);
    }

    /// <summary>The heading rows (group heading, column headings) of the group continuing at <see cref="nextRow"/> that are above it: [from, to), empty if none.</summary>
    private (int From, int To) RepeatedGroupRows()
    {
        if (nextRow >= rowCount || groupStart[nextRow] < 0 || groupStart[nextRow] >= nextRow) return (0, 0);
        var from = groupStart[nextRow];
        var to = from;
        while (to < nextRow && block.Rows[to].Kind != TableRowKind.Body) to++;
        return (from, to);
    }

    /// <summary>
    /// The groups below the header: a run of group heading and column heading rows and the body
    /// rows after it, up to the next such run. Rows before the first run belong to no group.
    /// </summary>
    private static (int[] Start, int[] End) Groups(TableBlock block)
    {
        var count = block.Rows.Count;
        var start = new int[count];
        var end = new int[count];
        var current = -1;
        for (var r = 0; r < count; r++)
        {
            var heading = r >= block.HeaderRowCount && block.Rows[r].Kind != TableRowKind.Body;
            if (heading && (r == block.HeaderRowCount || block.Rows[r - 1].Kind == TableRowKind.Body)) current = r;
            start[r] = r < block.HeaderRowCount ? -1 : current;
        }
        for (var r = count - 1; r >= 0; r--)
            end[r] = start[r] < 0 ? -1 : r + 1 < count && start[r + 1] == start[r] ? end[r + 1] : r + 1;
        return (start, end);
    }

    private void DrawCellText(PageRecorder canvas, IReadOnlyList<string> lines, PlacedCell cell, XRect box, bool artifact)
    {
        var style = StyleOf(cell);
        var textTop = box.Top + (box.Height - lines.Count * style.LineHeight) / 2;
        for (var i = 0; i < lines.Count; i++)
        {
            var lineWidth = style.Measure(lines[i]);
            var lineX = cell.Cell.Align switch
            {
                CellAlign.Left => box.Left + PaddingX,
                CellAlign.Right => box.Right - PaddingX - lineWidth,
                _ => box.Left + (box.Width - lineWidth) / 2,
            };
            var baseline = Paragraph.Baseline(textTop + i * style.LineHeight, style);
            if (artifact) canvas.DrawArtifactText(lines[i], style, lineX, baseline);
            else canvas.DrawText(lines[i], style, lineX, baseline);
        }
    }

    private TextStyle StyleOf(PlacedCell cell) => cell.Cell.IsHeader ? headerStyle : textStyle;

    private TableLayout LayoutFor(double width)
    {
        if (layout is null || layout.Width != width) layout = new TableLayout(this, width);
        return layout;
    }

    /// <summary>Gives each cell its grid position; spanned-over positions are absent from later rows, as in HTML.</summary>
    private static List<PlacedCell> Place(TableBlock block)
    {
        var columns = block.ColumnWidths.Count;
        var occupied = new bool[block.Rows.Count, columns];
        var placed = new List<PlacedCell>();
        for (var r = 0; r < block.Rows.Count; r++)
        {
            var c = 0;
            foreach (var cell in block.Rows[r].Cells)
            {
                while (c < columns && occupied[r, c]) c++;
                if (c + cell.ColSpan > columns || r + cell.RowSpan > block.Rows.Count)
                    throw new ArgumentException($"Table '{block.Caption}': the cell '{cell.Text}' in row {r + 1} does not fit the grid.", nameof(block));
                for (var dr = 0; dr < cell.RowSpan; dr++)
                    for (var dc = 0; dc < cell.ColSpan; dc++) occupied[r + dr, c + dc] = true;
                placed.Add(new PlacedCell(cell, r, c));
                c += cell.ColSpan;
            }
        }
        return placed;
    }

    private sealed record PlacedCell(TableCell Cell, int Row, int Column)
    {
        public int LastRow => Row + Cell.RowSpan - 1;
    }

    /// <summary>Column positions, wrapped cell text and row heights for one table width.</summary>
    private sealed class TableLayout
    {
        private readonly Table table;

        public TableLayout(Table table, double width)
        {
            this.table = table;
            Width = width;
            var widths = ColumnWidths(table, width);
            ColumnLeft = new double[widths.Length + 1];
            for (var i = 0; i < widths.Length; i++) ColumnLeft[i + 1] = ColumnLeft[i] + widths[i];

            foreach (var cell in table.cells)
            {
                var innerWidth = ColumnLeft[cell.Column + cell.Cell.ColSpan] - ColumnLeft[cell.Column] - 2 * PaddingX;
                Lines[cell] = LineBreaker.Break(cell.Cell.Text, innerWidth, table.StyleOf(cell).Measure);
                if (IsContinuable(table, cell) || IsGroupHeading(table, cell))
                    ContinuedLines[cell] = LineBreaker.Break(cell.Cell.Text + Continued, innerWidth, table.StyleOf(cell).Measure);
            }

            // Rows grow to fit their single-row cells, then the last row of a span grows if the span needs more.
            var heights = new double[table.rowCount];
            Array.Fill(heights, table.textStyle.LineHeight + 2 * PaddingY);
            foreach (var cell in table.cells.OrderBy(c => c.Cell.RowSpan))
            {
                // A group heading is as high as its repetition marked （续）, so the repetition has the row's height.
                var need = Math.Max(TextHeight(cell), IsGroupHeading(table, cell) ? TextHeight(cell, continued: true) : 0) + 2 * PaddingY;
                var have = Enumerable.Range(cell.Row, cell.Cell.RowSpan).Sum(r => heights[r]);
                if (need > have) heights[cell.LastRow] += need - have;
            }
            RowTop = new double[table.rowCount + 1];
            for (var r = 0; r < table.rowCount; r++) RowTop[r + 1] = RowTop[r] + heights[r];
        }

        public double Width { get; }

        public double[] ColumnLeft { get; }

        public double[] RowTop { get; }

        public Dictionary<PlacedCell, IReadOnlyList<string>> Lines { get; } = [];

        /// <summary>The label of a row span as repeated on a continuation, with （续）.</summary>
        public Dictionary<PlacedCell, IReadOnlyList<string>> ContinuedLines { get; } = [];

        public double Height(int fromRow, int toRow) => RowTop[toRow] - RowTop[fromRow];

        public double TextHeight(PlacedCell cell, bool continued = false) =>
            (continued ? ContinuedLines[cell] : Lines[cell]).Count * table.StyleOf(cell).LineHeight;

        /// <summary>A label spanning body rows: its text is repeated, marked （续）, when the span crosses a page.</summary>
        private static bool IsContinuable(Table table, PlacedCell cell) => cell.Cell.RowSpan > 1 && cell.Row >= table.HeaderRows;

        /// <summary>A cell of a group heading row: repeated, marked （续）, above a group that continues on the next page.</summary>
        private static bool IsGroupHeading(Table table, PlacedCell cell) =>
            cell.Row >= table.HeaderRows && table.block.Rows[cell.Row].Kind == TableRowKind.GroupHeading;

        /// <summary>
        /// The relative widths scaled to <paramref name="width"/>, except that a column too narrow for
        /// its widest unbreakable piece (a seven-digit figure, （续）) takes the room it needs from the
        /// columns with room to spare, so no figure is ever cut across lines.
        /// </summary>
        private static double[] ColumnWidths(Table table, double width)
        {
            var relative = table.block.ColumnWidths;
            var total = relative.Sum();
            var shares = relative.Select(w => width * w / total).ToArray();
            var minimum = new double[shares.Length];
            foreach (var cell in table.cells.Where(c => c.Cell.ColSpan == 1))
            {
                var measure = table.StyleOf(cell).Measure;
                var text = IsContinuable(table, cell) || IsGroupHeading(table, cell) ? cell.Cell.Text + Continued : cell.Cell.Text;   // （续） is one unbreakable piece
                var widest = LineBreaker.Clusters(text).Select(measure).DefaultIfEmpty(0).Max();
                minimum[cell.Column] = Math.Max(minimum[cell.Column], widest + 2 * PaddingX);
            }
            var deficit = shares.Select((s, i) => Math.Max(0, minimum[i] - s)).Sum();
            var slack = shares.Select((s, i) => Math.Max(0, s - minimum[i])).ToArray();
            var totalSlack = slack.Sum();
            if (deficit <= 0 || deficit > totalSlack) return shares;   // all fit, or cannot: keep the proportions
            return shares.Select((s, i) => s < minimum[i] ? minimum[i] : s - slack[i] * deficit / totalSlack).ToArray();
        }

        /// <summary>The part of <paramref name="cell"/> inside rows [from, to), for a fragment whose row 0 sits at <paramref name="originTop"/> + RowTop[0].</summary>
        public XRect Box(PlacedCell cell, double x, double originTop, int from, int to)
        {
            var first = Math.Max(cell.Row, from);
            var last = Math.Min(cell.LastRow + 1, to);
            return new XRect(
                x + ColumnLeft[cell.Column], originTop + RowTop[first],
                ColumnLeft[cell.Column + cell.Cell.ColSpan] - ColumnLeft[cell.Column], RowTop[last] - RowTop[first]);
        }
    }
}
