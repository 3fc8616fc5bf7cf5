using System.Buffers.Binary;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>
/// PDFsharp subsets keep every glyph slot (glyph ids are the CIDs the content streams use) and
/// empty the outlines of unused glyphs, but keep all their advance widths. Like fontTools'
/// retain-gids subsetting, this zeroes the metrics of the emptied glyphs; the PDF takes widths
/// from /W, so nothing visible changes, and the table and font checksums are recomputed.
/// </summary>
internal static class TrueTypeSubset
{
    public static void ClearDroppedGlyphMetrics(byte[] font)
    {
        var tables = ReadTables(font);
        if (!tables.TryGetValue("hmtx", out var hmtx) || !tables.TryGetValue("loca", out var loca)
            || !tables.TryGetValue("head", out var head) || !tables.TryGetValue("hhea", out var hhea) || !tables.TryGetValue("maxp", out var maxp))
            return;
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(head.Offset + 50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(maxp.Offset + 4));
        var longMetrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(hhea.Offset + 34));

        uint LocaAt(int i) => longOffsets
            ? BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(loca.Offset + 4 * i))
            : 2u * BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(loca.Offset + 2 * i));

        for (var glyph = 1; glyph < glyphCount; glyph++)
        {
            if (LocaAt(glyph + 1) != LocaAt(glyph)) continue;   // has an outline: keep
            var (at, size) = glyph < longMetrics ? (hmtx.Offset + 4 * glyph, 4) : (hmtx.Offset + 4 * longMetrics + 2 * (glyph - longMetrics), 2);
            if (at + size <= hmtx.Offset + hmtx.Length) font.AsSpan(at, size).Clear();
        }

        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(hmtx.DirectoryEntry + 4), Checksum(font.AsSpan(hmtx.Offset, hmtx.Length)));
        font.AsSpan(head.Offset + 8, 4).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(head.Offset + 8), 0xB1B0AFBA - Checksum(font));
    }

    private sealed record Table(int DirectoryEntry, int Offset, int Length);

    private static Dictionary<string, Table> ReadTables(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = 12 + 16 * i;
            var tag = System.Text.Encoding.ASCII.GetString(font, entry, 4);
            tables[tag] = new Table(entry, (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(entry + 8)), (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(entry + 12)));
        }
        return tables;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        if (i < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            data[i..].CopyTo(last);
            sum += BinaryPrimitives.ReadUInt32BigEndian(last);
        }
        return sum;
    }
}
