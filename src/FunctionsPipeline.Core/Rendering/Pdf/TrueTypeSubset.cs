using System.Buffers.Binary;
using FunctionsPipeline.Core.Rendering.Fonts;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>
/// PDFsharp subsets keep every glyph slot (glyph ids are the CIDs the content streams use) and
/// empty the outlines of unused glyphs, but keep all their advance widths. Like fontTools'
/// retain-gids subsetting, this zeroes the metrics of the emptied glyphs; the PDF takes widths
/// from /W, so nothing visible changes, and the table and font checksums are recomputed.
/// Also gives the CIDSet PDF/A-1 requires for a CIDFont subset (CIDs are glyph ids here: Identity).
/// </summary>
internal static class TrueTypeSubset
{
    /// <summary>
    /// Zeroes the metrics of glyphs that are neither drawn (<paramref name="used"/>, from /W) nor have
    /// an outline; returns the CIDSet bit string of the glyphs kept, or null if the font is not TrueType.
    /// </summary>
    public static byte[]? ClearDroppedGlyphMetrics(Span<byte> font, IReadOnlySet<int> used)
    {
        var tables = ReadTables(font);
        if (!tables.TryGetValue("hmtx", out var hmtx) || !tables.TryGetValue("loca", out var loca)
            || !tables.TryGetValue("head", out var head) || !tables.TryGetValue("hhea", out var hhea) || !tables.TryGetValue("maxp", out var maxp))
            return null;
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font.Slice(head.Offset + 50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.Slice(maxp.Offset + 4));
        var longMetrics = BinaryPrimitives.ReadUInt16BigEndian(font.Slice(hhea.Offset + 34));

        var locaTable = font.Slice(loca.Offset, loca.Length);
        uint LocaAt(ReadOnlySpan<byte> table, int i) => longOffsets
            ? BinaryPrimitives.ReadUInt32BigEndian(table[(4 * i)..])
            : 2u * BinaryPrimitives.ReadUInt16BigEndian(table[(2 * i)..]);

        var cidSet = new byte[(glyphCount + 7) / 8];
        cidSet[0] = 0x80;                                        // .notdef is always present
        for (var glyph = 1; glyph < glyphCount; glyph++)
        {
            if (LocaAt(locaTable, glyph + 1) != LocaAt(locaTable, glyph) || used.Contains(glyph))
            {
                cidSet[glyph / 8] |= (byte)(0x80 >> (glyph % 8));   // has an outline: keep
                continue;
            }
            var (at, size) = glyph < longMetrics ? (hmtx.Offset + 4 * glyph, 4) : (hmtx.Offset + 4 * longMetrics + 2 * (glyph - longMetrics), 2);
            if (at + size <= hmtx.Offset + hmtx.Length) font.Slice(at, size).Clear();
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.Slice(hmtx.DirectoryEntry + 4), TrueTypeChecksum.Of(font.Slice(hmtx.Offset, hmtx.Length)));
        font.Slice(head.Offset + 8, 4).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(font.Slice(head.Offset + 8), 0xB1B0AFBA - TrueTypeChecksum.Of(font));
        return cidSet;
    }

    private sealed record Table(int DirectoryEntry, int Offset, int Length);

    private static Dictionary<string, Table> ReadTables(ReadOnlySpan<byte> font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.Slice(4));
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = 12 + 16 * i;
            var tag = System.Text.Encoding.ASCII.GetString(font.Slice(entry, 4));
            tables[tag] = new Table(entry, (int)BinaryPrimitives.ReadUInt32BigEndian(font.Slice(entry + 8)), (int)BinaryPrimitives.ReadUInt32BigEndian(font.Slice(entry + 12)));
        }
        return tables;
    }
}
