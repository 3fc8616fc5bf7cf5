using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using FunctionsPipeline.Core.Rendering.Fonts;

namespace FunctionsPipeline.Core.Rendering.Ofd;

/// <summary>
/// A standalone TrueType subset for the OFD package (an OFD reader loads the font file itself, so
/// unlike the PDF's subsets it needs a cmap). Glyph ids are kept, as fontTools' retain-gids does:
/// the glyf table holds only the glyphs of the characters used (and the components of composite
/// glyphs); the other glyphs are empty with zero advance, so loca and hmtx stay full length but
/// compress to almost nothing in the zip. Layout tables (GSUB, GPOS, vertical metrics) are dropped:
/// the OFD places every glyph itself (DeltaX). Same font and characters → same bytes.
/// </summary>
internal static class TrueTypeSubsetter
{
    /// <summary>Tables copied unchanged (when present); cmap, glyf, loca, head, hmtx and post are rebuilt.</summary>
    private static readonly string[] CopiedTables = ["OS/2", "cvt ", "fpgm", "gasp", "hhea", "maxp", "name", "prep"];

    private static readonly ConcurrentDictionary<string, Lazy<ParsedFont>> Parsed = new(StringComparer.Ordinal);

    /// <summary>Subsets made for earlier renders, compressed as zip entries, by font and characters (see <see cref="FontProgramCache{TKey, TValue}"/>).</summary>
    internal static readonly FontProgramCache<string, DeflatedContent> Subsets = new(StringComparer.Ordinal);

    /// <summary>
    /// The subset of the font <paramref name="fontKey"/> (read by <paramref name="bytes"/> once per process) holding
    /// <paramref name="codePoints"/>, compressed for the package; the same font and characters as an earlier render give
    /// its subset again without subsetting or compressing.
    /// </summary>
    public static DeflatedContent Subset(string fontKey, Func<byte[]> bytes, IEnumerable<int> codePoints)
    {
        var sorted = codePoints.Distinct().Order().ToList();
        var key = fontKey + ":" + string.Join(',', sorted);
        return Subsets.GetOrAdd(key, _ => DeflatedContent.Of(Parsed.GetOrAdd(fontKey, _ => new Lazy<ParsedFont>(() => new ParsedFont(bytes()))).Value.Subset(sorted)));
    }

    private sealed record TableEntry(int Offset, int Length);

    private sealed class ParsedFont
    {
        private readonly byte[] data;
        private readonly Dictionary<string, TableEntry> tables = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> glyphByCodePoint;
        private readonly int glyphCount;
        private readonly int longMetrics;
        private readonly uint[] loca;

        public ParsedFont(byte[] data)
        {
            this.data = data;
            var span = data.AsSpan();
            if (BinaryPrimitives.ReadUInt32BigEndian(span) != 0x00010000) throw new InvalidDataException("Not a TrueType font.");
            var count = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
            for (var i = 0; i < count; i++)
            {
                var entry = span.Slice(12 + 16 * i, 16);
                tables[Encoding.ASCII.GetString(entry[..4])] = new TableEntry(
                    (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]));
            }
            foreach (var required in new[] { "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp" })
                if (!tables.ContainsKey(required)) throw new InvalidDataException($"TrueType font without a {required} table.");

            glyphCount = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
            longMetrics = BinaryPrimitives.ReadUInt16BigEndian(Table("hhea")[34..]);
            var longOffsets = BinaryPrimitives.ReadInt16BigEndian(Table("head")[50..]) == 1;
            var locaTable = Table("loca");
            loca = new uint[glyphCount + 1];
            for (var g = 0; g <= glyphCount; g++)
                loca[g] = longOffsets ? BinaryPrimitives.ReadUInt32BigEndian(locaTable[(4 * g)..]) : 2u * BinaryPrimitives.ReadUInt16BigEndian(locaTable[(2 * g)..]);
            glyphByCodePoint = ReadCmap(Table("cmap"));
        }

        private ReadOnlySpan<byte> Table(string tag)
        {
            var entry = tables[tag];
            return data.AsSpan(entry.Offset, entry.Length);
        }

        public byte[] Subset(IEnumerable<int> codePoints)
        {
            var mapped = new SortedDictionary<int, int>();
            foreach (var codePoint in codePoints)
                if (glyphByCodePoint.TryGetValue(codePoint, out var glyph) && glyph != 0) mapped[codePoint] = glyph;

            var keep = new SortedSet<int> { 0 };
            var pending = new Stack<int>(mapped.Values);
            while (pending.Count > 0)
            {
                var glyph = pending.Pop();
                if (glyph >= glyphCount || !keep.Add(glyph)) continue;
                foreach (var component in Components(glyph)) if (!keep.Contains(component)) pending.Push(component);
            }

            var glyf = Table("glyf");
            using var glyfOut = new MemoryStream();
            var newLoca = new byte[4 * (glyphCount + 1)];
            for (var g = 0; g < glyphCount; g++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)glyfOut.Length);
                if (!keep.Contains(g) || loca[g + 1] <= loca[g]) continue;
                glyfOut.Write(glyf.Slice((int)loca[g], (int)(loca[g + 1] - loca[g])));
                while (glyfOut.Length % 4 != 0) glyfOut.WriteByte(0);
            }
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * glyphCount), (uint)glyfOut.Length);

            var hmtx = Table("hmtx").ToArray();
            for (var g = 0; g < glyphCount; g++)
            {
                if (keep.Contains(g)) continue;
                var (at, size) = g < longMetrics ? (4 * g, 4) : (4 * longMetrics + 2 * (g - longMetrics), 2);
                if (at + size <= hmtx.Length) hmtx.AsSpan(at, size).Clear();
            }

            var head = Table("head").ToArray();
            head.AsSpan(8, 4).Clear();                               // checkSumAdjustment, set last
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets

            var post = new byte[32];                                 // version 3: no glyph names
            Table("post")[..32].CopyTo(post);
            BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);

            var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            {
                ["cmap"] = Cmap(mapped),
                ["glyf"] = glyfOut.ToArray(),
                ["head"] = head,
                ["hmtx"] = hmtx,
                ["loca"] = newLoca,
                ["post"] = post,
            };
            foreach (var tag in CopiedTables) if (tables.ContainsKey(tag)) output[tag] = Table(tag).ToArray();
            return Assemble(output);
        }

        /// <summary>The glyphs a composite glyph is built from (none for a simple glyph).</summary>
        private IEnumerable<int> Components(int glyph)
        {
            var components = new List<int>();
            if (loca[glyph + 1] - loca[glyph] < 10) return components;
            var glyf = Table("glyf")[(int)loca[glyph]..(int)loca[glyph + 1]];
            if (BinaryPrimitives.ReadInt16BigEndian(glyf) >= 0) return components;
            var at = 10;
            while (at + 4 <= glyf.Length)
            {
                var flags = BinaryPrimitives.ReadUInt16BigEndian(glyf[at..]);
                components.Add(BinaryPrimitives.ReadUInt16BigEndian(glyf[(at + 2)..]));
                at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);           // ARG_1_AND_2_ARE_WORDS
                if ((flags & 0x0008) != 0) at += 2;                  // WE_HAVE_A_SCALE
                else if ((flags & 0x0040) != 0) at += 4;             // WE_HAVE_AN_X_AND_Y_SCALE
                else if ((flags & 0x0080) != 0) at += 8;             // WE_HAVE_A_TWO_BY_TWO
                if ((flags & 0x0020) == 0) break;                    // MORE_COMPONENTS
            }
            return components;
        }
    }

    /// <summary>The Unicode cmap: format 12 (3,10 or 0,4/0,6) when the font has one, else format 4 (3,1 or 0,3).</summary>
    private static Dictionary<int, int> ReadCmap(ReadOnlySpan<byte> cmap)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int? format12 = null, format4 = null;
        for (var i = 0; i < count; i++)
        {
            var record = cmap.Slice(4 + 8 * i, 8);
            var (platform, encoding) = (BinaryPrimitives.ReadUInt16BigEndian(record), BinaryPrimitives.ReadUInt16BigEndian(record[2..]));
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            var format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            if (unicode && format == 12) format12 ??= offset;
            if (unicode && format == 4) format4 ??= offset;
        }
        var map = new Dictionary<int, int>();
        if (format12 is { } at12)
        {
            var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(cmap[(at12 + 12)..]);
            for (var g = 0; g < groups; g++)
            {
                var group = cmap.Slice(at12 + 16 + 12 * g, 12);
                var (start, end, glyph) = (BinaryPrimitives.ReadUInt32BigEndian(group), BinaryPrimitives.ReadUInt32BigEndian(group[4..]), BinaryPrimitives.ReadUInt32BigEndian(group[8..]));
                for (var c = start; c <= end; c++) map[(int)c] = (int)(glyph + (c - start));
            }
            return map;
        }
        if (format4 is not { } at4) throw new InvalidDataException("TrueType font without a Unicode cmap.");
        var segments = BinaryPrimitives.ReadUInt16BigEndian(cmap[(at4 + 6)..]) / 2;
        var ends = at4 + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var rangeOffsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int start = BinaryPrimitives.ReadUInt16BigEndian(cmap[(starts + 2 * s)..]), end = BinaryPrimitives.ReadUInt16BigEndian(cmap[(ends + 2 * s)..]);
            var delta = BinaryPrimitives.ReadInt16BigEndian(cmap[(deltas + 2 * s)..]);
            var rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(cmap[(rangeOffsets + 2 * s)..]);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(cmap[at..]);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) map[c] = glyph;
            }
        }
        return map;
    }

    /// <summary>A cmap with a format 4 subtable (3,1) for the BMP and, if any character lies beyond it, a format 12 subtable (3,10).</summary>
    private static byte[] Cmap(SortedDictionary<int, int> mapped)
    {
        // Runs of consecutive characters with consecutive glyphs become one segment / group.
        var runs = new List<(int Start, int End, int Glyph)>();
        foreach (var (c, g) in mapped)
        {
            if (runs.Count > 0 && runs[^1].End == c - 1 && runs[^1].Glyph + (c - runs[^1].Start) == g) runs[^1] = runs[^1] with { End = c };
            else runs.Add((c, c, g));
        }
        var bmp = runs.Where(r => r.End < 0xFFFF).ToList();
        bmp.Add((0xFFFF, 0xFFFF, 0));
        var segments = bmp.Count;
        var format4 = new byte[16 + 8 * segments];
        var span = format4.AsSpan();
        var power = 1;
        while (power * 2 <= segments) power *= 2;
        BinaryPrimitives.WriteUInt16BigEndian(span, 4);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)format4.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(2 * segments));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)(2 * power));
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], (ushort)(2 * segments - 2 * power));
        for (var s = 0; s < segments; s++)
        {
            var (start, end, glyph) = bmp[s];
            BinaryPrimitives.WriteUInt16BigEndian(span[(14 + 2 * s)..], (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(span[(16 + 2 * segments + 2 * s)..], (ushort)start);
            BinaryPrimitives.WriteUInt16BigEndian(span[(16 + 4 * segments + 2 * s)..], (ushort)((start == 0xFFFF ? 1 : glyph - start) & 0xFFFF));
        }

        var wide = runs.Any(r => r.End > 0xFFFF);
        var format12 = wide ? new byte[16 + 12 * runs.Count] : [];
        if (wide)
        {
            var f = format12.AsSpan();
            BinaryPrimitives.WriteUInt16BigEndian(f, 12);
            BinaryPrimitives.WriteUInt32BigEndian(f[4..], (uint)format12.Length);
            BinaryPrimitives.WriteUInt32BigEndian(f[12..], (uint)runs.Count);
            for (var r = 0; r < runs.Count; r++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(f[(16 + 12 * r)..], (uint)runs[r].Start);
                BinaryPrimitives.WriteUInt32BigEndian(f[(20 + 12 * r)..], (uint)runs[r].End);
                BinaryPrimitives.WriteUInt32BigEndian(f[(24 + 12 * r)..], (uint)runs[r].Glyph);
            }
        }

        var records = wide ? 2 : 1;
        var header = 4 + 8 * records;
        var cmap = new byte[header + format4.Length + format12.Length];
        var c2 = cmap.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(c2[2..], (ushort)records);
        BinaryPrimitives.WriteUInt16BigEndian(c2[4..], 3);
        BinaryPrimitives.WriteUInt16BigEndian(c2[6..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(c2[8..], (uint)header);
        if (wide)
        {
            BinaryPrimitives.WriteUInt16BigEndian(c2[12..], 3);
            BinaryPrimitives.WriteUInt16BigEndian(c2[14..], 10);
            BinaryPrimitives.WriteUInt32BigEndian(c2[16..], (uint)(header + format4.Length));
        }
        format4.CopyTo(c2[header..]);
        format12.CopyTo(c2[(header + format4.Length)..]);
        return cmap;
    }

    /// <summary>The font file: table directory (tags in order), tables 4-byte aligned, checksums and head's checkSumAdjustment.</summary>
    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var power = 1;
        while (power * 2 <= count) power *= 2;
        var size = 12 + 16 * count + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var font = new byte[size];
        var span = font.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 * power));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(16 * count - 16 * power));
        var offset = 12 + 16 * count;
        var headOffset = 0;
        var i = 0;
        foreach (var (tag, table) in tables)
        {
            var entry = span.Slice(12 + 16 * i++, 16);
            Encoding.ASCII.GetBytes(tag, entry);
            table.CopyTo(span[offset..]);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], TrueTypeChecksum.Of(span.Slice(offset, (table.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)table.Length);
            if (tag == "head") headOffset = offset;
            offset += (table.Length + 3) & ~3;
        }
        BinaryPrimitives.WriteUInt32BigEndian(span[(headOffset + 8)..], 0xB1B0AFBA - TrueTypeChecksum.Of(span));
        return font;
    }
}
