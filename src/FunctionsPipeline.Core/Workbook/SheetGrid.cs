namespace FunctionsPipeline.Core.Workbook;

/// <summary>One sheet as read: raw values by zero-based row and column, and its merged areas.</summary>
internal sealed class SheetGrid(string name, List<object?[]> rows, IReadOnlyList<CellSpan> merges)
{
    public string Name { get; } = name;
    public IReadOnlyList<object?[]> Rows { get; } = rows;
    public IReadOnlyList<CellSpan> Merges { get; } = merges;

    public object? Get(int row, int column) =>
        row >= 0 && row < Rows.Count && column >= 0 && column < Rows[row].Length ? Rows[row][column] : null;

    public int Width(int row) => row >= 0 && row < Rows.Count ? Rows[row].Length : 0;

    public CellLocation Locate(int row, int column) => new(Name, CellAddress.ToA1(row, column));

    /// <summary>The merged area whose top-left cell is (row, column), if any.</summary>
    public CellSpan? MergeFrom(int row, int column)
    {
        foreach (var span in Merges)
        {
            if (span.FromRow == row && span.FromColumn == column) return span;
        }
        return null;
    }

    public static bool IsBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s);
}
