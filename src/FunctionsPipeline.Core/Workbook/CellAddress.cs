using System.Globalization;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>A1-style addresses from zero-based row and column indexes (and back).</summary>
public static class CellAddress
{
    public static string ColumnName(int column)
    {
        Span<char> buffer = stackalloc char[4];
        var i = buffer.Length;
        var n = column + 1;
        while (n > 0)
        {
            var rem = (n - 1) % 26;
            buffer[--i] = (char)('A' + rem);
            n = (n - 1) / 26;
        }
        return new string(buffer[i..]);
    }

    public static string ToA1(int row, int column) => ColumnName(column) + (row + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>D7</c> into zero-based (row 6, column 3).</summary>
    public static (int Row, int Column) Parse(string a1)
    {
        var column = 0;
        var i = 0;
        for (; i < a1.Length && char.IsAsciiLetter(a1[i]); i++) column = column * 26 + (char.ToUpperInvariant(a1[i]) - 'A' + 1);
        if (i == 0 || i == a1.Length) throw new FormatException($"Not an A1 address: '{a1}'");
        return (int.Parse(a1.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture) - 1, column - 1);
    }
}
