using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>
/// A TrueType file read with only the outlines some characters need: the glyphs the cmap gives for
/// them, their composite components and .notdef. Every other glyph is left empty; glyph ids, cmap,
/// metrics and all other tables are unchanged (retain-gids, as PDFsharp's own subsets are), so what
/// PDFsharp embeds is the same. Reads only the small tables and those glyphs from disk: about 1 MB
/// in memory instead of the whole file (the Noto SC files are 10–15 MB, almost all outlines).
/// </summary>
internal static class ReducedFont
{
    public static byte[] Read(string path, IReadOnlySet<int> codePoints)
    {
        using var file = File.OpenHandle(path);
        var header = ReadAt(file, 0, 12);
        var count = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
        var directory = ReadAt(file, 12, 16 * count);
        var tables = new List<(uint Tag, long Offset, int Length)>();
        for (var i = 0; i < count; i++)
        {
            var entry = directory.AsSpan(16 * i);
            tables.Add((BinaryPrimitives.ReadUInt32BigEndian(entry), BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..])));
        }
        var data = tables.Where(t => t.Tag != Glyf).ToDictionary(t => t.Tag, t => ReadAt(file, t.Offset, t.Length));
        if (!tables.Any(t => t.Tag == Glyf) || !data.TryGetValue(Loca, out var loca) || !data.TryGetValue(Head, out var head)
            || !data.TryGetValue(Maxp, out var maxp) || !data.TryGetValue(Cmap, out var cmap))
            throw new FontsNotFoundException($"'{path}' lacks a TrueType table the renderer needs (glyf, loca, head, maxp, cmap).");
        var glyf = tables.Single(t => t.Tag == Glyf);
        var longOffsets = BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(50)) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(maxp.AsSpan(4));
        long Location(int glyph) => longOffsets
            ? BinaryPrimitives.ReadUInt32BigEndian(loca.AsSpan(4 * glyph))
            : 2L * BinaryPrimitives.ReadUInt16BigEndian(loca.AsSpan(2 * glyph));

        // The glyphs to keep, with the components of composite glyphs.
        var outlines = new SortedDictionary<int, byte[]>();
        var pending = new Stack<int>([0, .. codePoints.Select(c => GlyphOf(cmap, c)).Where(g => g > 0 && g < glyphCount)]);
        while (pending.TryPop(out var glyph))
        {
            if (outlines.ContainsKey(glyph)) continue;
            var start = Location(glyph);
            var outline = ReadAt(file, glyf.Offset + start, (int)(Location(glyph + 1) - start));
            outlines[glyph] = outline;
            foreach (var component in Components(outline)) if (component < glyphCount) pending.Push(component);
        }

        // New glyf and loca, in the original offset format (short offsets need even lengths: pad).
        using var newGlyf = new MemoryStream();
        var newLoca = new byte[(glyphCount + 1) * (longOffsets ? 4 : 2)];
        for (var glyph = 0; glyph <= glyphCount; glyph++)
        {
            if (longOffsets) BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * glyph), (uint)newGlyf.Length);
            else BinaryPrimitives.WriteUInt16BigEndian(newLoca.AsSpan(2 * glyph), (ushort)(newGlyf.Length / 2));
            if (glyph < glyphCount && outlines.TryGetValue(glyph, out var outline))
            {
                newGlyf.Write(outline);
                if (!longOffsets && outline.Length % 2 == 1) newGlyf.WriteByte(0);
            }
        }
        data[Glyf] = newGlyf.ToArray();
        data[Loca] = newLoca;

        // Same header and table order; offsets, lengths and table checksums for the new layout.
        using var output = new MemoryStream(data.Values.Sum(t => t.Length + 3) + header.Length + directory.Length);
        output.Write(header);
        output.Write(new byte[directory.Length]);
        var entries = new byte[directory.Length];
        for (var i = 0; i < tables.Count; i++)
        {
            var table = data[tables[i].Tag];
            var entry = entries.AsSpan(16 * i);
            BinaryPrimitives.WriteUInt32BigEndian(entry, tables[i].Tag);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], tables[i].Tag is Glyf or Loca ? TrueTypeChecksum.Of(table) : BinaryPrimitives.ReadUInt32BigEndian(directory.AsSpan(16 * i + 4)));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)output.Length);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)table.Length);
            output.Write(table);
            while (output.Length % 4 != 0) output.WriteByte(0);
        }
        var font = output.ToArray();
        entries.CopyTo(font, header.Length);
        return font;
    }

    private const uint Glyf = 0x676C7966, Loca = 0x6C6F6361, Head = 0x68656164, Maxp = 0x6D617870, Cmap = 0x636D6170;

    /// <summary>The glyph id the cmap gives a code point (format 12 if present, else format 4), 0 if none.</summary>
    internal static int GlyphOf(byte[] cmap, int codePoint)
    {
        var span = cmap.AsSpan();
        var count = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        int format4 = -1, format12 = -1;
        for (var i = 0; i < count; i++)
        {
            var record = span[(4 + 8 * i)..];
            var (platform, encoding) = (BinaryPrimitives.ReadUInt16BigEndian(record), BinaryPrimitives.ReadUInt16BigEndian(record[2..]));
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var format = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
            if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10))) format12 = offset;
            if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1))) format4 = offset;
        }
        if (format12 >= 0)
        {
            var table = span[format12..];
            var groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
            for (var g = 0; g < groups; g++)
            {
                var group = table[(16 + 12 * g)..];
                var (first, last) = (BinaryPrimitives.ReadUInt32BigEndian(group), BinaryPrimitives.ReadUInt32BigEndian(group[4..]));
                if (codePoint >= first && codePoint <= last) return (int)(BinaryPrimitives.ReadUInt32BigEndian(group[8..]) + (uint)codePoint - first);
            }
            return 0;
        }
        if (format4 < 0 || codePoint > 0xFFFF) return 0;
        var t4 = span[format4..];
        var segments = BinaryPrimitives.ReadUInt16BigEndian(t4[6..]) / 2;
        for (var s = 0; s < segments; s++)
        {
            var end = BinaryPrimitives.ReadUInt16BigEndian(t4[(14 + 2 * s)..]);
            if (codePoint > end) continue;
            var start = BinaryPrimitives.ReadUInt16BigEndian(t4[(16 + 2 * segments + 2 * s)..]);
            if (codePoint < start) return 0;
            var delta = BinaryPrimitives.ReadInt16BigEndian(t4[(16 + 4 * segments + 2 * s)..]);
            var rangeAt = 16 + 6 * segments + 2 * s;
            var rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(t4[rangeAt..]);
            if (rangeOffset == 0) return (codePoint + delta) & 0xFFFF;
            var glyph = BinaryPrimitives.ReadUInt16BigEndian(t4[(rangeAt + rangeOffset + 2 * (codePoint - start))..]);
            return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
        }
        return 0;
    }

    /// <summary>The glyph ids a composite glyph is built from (none for a simple glyph).</summary>
    private static IEnumerable<int> Components(byte[] outline)
    {
        if (outline.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(outline) >= 0) yield break;
        const int argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020, xyScale = 0x0040, twoByTwo = 0x0080;
        var at = 10;
        int flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(outline.AsSpan(at));
            yield return BinaryPrimitives.ReadUInt16BigEndian(outline.AsSpan(at + 2));
            at += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            at += (flags & haveScale) != 0 ? 2 : (flags & xyScale) != 0 ? 4 : (flags & twoByTwo) != 0 ? 8 : 0;
        }
        while ((flags & moreComponents) != 0 && at + 4 <= outline.Length);
    }

    private static byte[] ReadAt(SafeFileHandle file, long offset, int length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, buffer.AsSpan(read), offset + read);
            if (n == 0) throw new FontsNotFoundException("A font file ended early: it is truncated or not a TrueType font.");
            read += n;
        }
        return buffer;
    }
}
