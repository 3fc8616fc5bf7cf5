using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace FunctionsPipeline.Core.Rendering.Layout;

/// <summary>
/// A ruled table with row and column spans. Splits across pages between rows, repeating the
/// header rows on each continuation (as artifacts: they are repetitions). A cell spanning
/// rows may be split too, but only where its text fits wholly in its part on the first page.
/// </summary>
public sealed class Table : Element
{
    private const double PaddingX = 3;
    private const double PaddingY = 3;
    private const double RuleWidth = 0.6;

    private readonly TableBlock block;
    private readonly TextStyle textStyle;
    private readonly TextStyle headerStyle;
    private readonly List<PlacedCell> cells;
    private readonly int rowCount;
    private TableLayout? layout;
    private int nextRow;

    public Table(TableBlock block, TextStyle textStyle, TextStyle headerStyle)
    {
        this.block = block;
        this.textStyle = textStyle;
        this.headerStyle = headerStyle;
        rowCount = block.Rows.Count;
        cells = Place(block);
    }

    private int HeaderRows => block.HeaderRowCount;

    private bool IsContinuation => nextRow > 0;

    public override SpacePlan Measure(double width, double availableHeight)
    {
        var l = LayoutFor(width);
        if (nextRow >= rowCount) return SpacePlan.Full(0);
        var headerHeight = IsContinuation ? l.Height(0, HeaderRows) : 0;
        var end = BestEnd(l, availableHeight - headerHeight);
        if (end is null) return SpacePlan.Wrap;
        var height = headerHeight + l.Height(nextRow, end.Value);
        return end == rowCount ? SpacePlan.Full(height) : SpacePlan.Partial(height);
    }

    public override void Draw(PdfCanvas canvas, double x, double top, double width, double availableHeight)
    {
        var l = LayoutFor(width);
        var headerHeight = IsContinuation ? l.Height(0, HeaderRows) : 0;
        if (BestEnd(l, availableHeight - headerHeight) is not { } end) return;
        var structure = canvas.Structure;
        var boxes = new List<XRect>();
        var y = top;

        if (IsContinuation)
        {
            foreach (var cell in cells.Where(c => c.Row < HeaderRows))
            {
                var box = l.Box(cell, x, y, 0, HeaderRows);
                DrawCellText(canvas, l, cell, box, artifact: true);
                boxes.Add(box);
            }
            y += headerHeight;
        }
        else
        {
            structure.BeginElement(PdfBlockLevelElementTag.Table);
        }

        var fragmentTop = y - l.RowTop[nextRow];
        for (var r = nextRow; r < end; r++)
        {
            if (r == 0 && HeaderRows > 0) structure.BeginElement(PdfBlockLevelElementTag.TableHeadRowGroup);
            if (r == HeaderRows) structure.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup);
            structure.BeginElement(PdfBlockLevelElementTag.TableRow);
            foreach (var cell in cells.Where(c => c.Row == r))
            {
                structure.BeginElement(cell.Cell.IsHeader ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                if (cell.Cell.RowSpan > 1) structure.SetRowSpan(cell.Cell.RowSpan);
                if (cell.Cell.ColSpan > 1) structure.SetColSpan(cell.Cell.ColSpan);
                if (cell.Cell.IsHeader && r < HeaderRows)
                    structure.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/Column");
                DrawCellText(canvas, l, cell, l.Box(cell, x, fragmentTop, nextRow, end), artifact: false);
                structure.End();
            }
            structure.End();
            if (r == HeaderRows - 1) structure.End();
        }
        boxes.AddRange(cells.Where(c => c.Row < end && c.LastRow >= nextRow).Select(c => l.Box(c, x, fragmentTop, nextRow, end)));
        canvas.DrawArtifactBoxes(boxes, RuleWidth);

        nextRow = end;
        if (nextRow == rowCount)
        {
            if (HeaderRows < rowCount) structure.End();   // body row group
            structure.End();                              // table
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

    /// <summary>A page may end above row <paramref name="row"/> if every cell spanning the break has room for its text above it.</summary>
    private bool CanBreakBefore(TableLayout l, int row) =>
        cells.Where(c => c.Row < row && c.LastRow >= row)
             .All(c => c.Row < nextRow || l.Height(c.Row, row) >= l.TextHeight(c) + 2 * PaddingY);

    private void DrawCellText(PdfCanvas canvas, TableLayout l, PlacedCell cell, XRect box, bool artifact)
    {
        var style = StyleOf(cell);
        var lines = l.Lines[cell];
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
            var widths = table.block.ColumnWidths;
            var total = widths.Sum();
            ColumnLeft = new double[widths.Count + 1];
            for (var i = 0; i < widths.Count; i++) ColumnLeft[i + 1] = ColumnLeft[i] + width * widths[i] / total;

            foreach (var cell in table.cells)
            {
                var innerWidth = ColumnLeft[cell.Column + cell.Cell.ColSpan] - ColumnLeft[cell.Column] - 2 * PaddingX;
                Lines[cell] = LineBreaker.Break(cell.Cell.Text, innerWidth, table.StyleOf(cell).Measure);
            }

            // Rows grow to fit their single-row cells, then the last row of a span grows if the span needs more.
            var heights = new double[table.rowCount];
            Array.Fill(heights, table.textStyle.LineHeight + 2 * PaddingY);
            foreach (var cell in table.cells.OrderBy(c => c.Cell.RowSpan))
            {
                var need = TextHeight(cell) + 2 * PaddingY;
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

        public double Height(int fromRow, int toRow) => RowTop[toRow] - RowTop[fromRow];

        public double TextHeight(PlacedCell cell) => Lines[cell].Count * table.StyleOf(cell).LineHeight;

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
