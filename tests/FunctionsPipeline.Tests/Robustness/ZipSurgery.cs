using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>Byte-level damage to workbooks for the hostile corpus: rewritten parts, flipped bits, lying sizes, real bombs.</summary>
internal static class ZipSurgery
{
    private const uint CentralDirectorySignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;

    /// <summary>Rewrites a zip: each entry kept, replaced (return new bytes) or dropped (return null); extra entries appended.</summary>
    public static byte[] Rewrite(byte[] zip, Func<string, byte[], byte[]?> change, params (string Name, byte[] Content)[] extra)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var buffer = new MemoryStream();
                using (var s = entry.Open()) s.CopyTo(buffer);
                var content = change(entry.FullName, buffer.ToArray());
                if (content is null) continue;
                using var w = target.CreateEntry(entry.FullName).Open();
                w.Write(content);
            }
            foreach (var (name, content) in extra)
            {
                using var w = target.CreateEntry(name).Open();
                w.Write(content);
            }
        }
        return output.ToArray();
    }

    /// <summary>Replaces one part with content written by <paramref name="write"/> straight into the deflate stream (nothing huge in memory).</summary>
    public static byte[] ReplaceStreaming(byte[] zip, string partName, CompressionLevel level, Action<Stream> write)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var w = target.CreateEntry(entry.FullName, level).Open();
                if (entry.FullName == partName) write(w);
                else
                {
                    using var s = entry.Open();
                    s.CopyTo(w);
                }
            }
        }
        return output.ToArray();
    }

    /// <summary>Where an entry's compressed data starts and how long it is (from its local header).</summary>
    public static (int Offset, int Length) CompressedData(byte[] zip, string partName)
    {
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) != LocalHeaderSignature) continue;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28));
            var name = Encoding.UTF8.GetString(zip, i + 30, nameLength);
            if (name != partName) continue;
            var compressed = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i + 18));
            return (i + 30 + nameLength + extraLength, compressed);
        }
        throw new ArgumentException($"no local header for {partName}", nameof(partName));
    }

    /// <summary>Flips one bit at each of <paramref name="count"/> positions chosen by a fixed seed inside [offset, offset+length).</summary>
    public static byte[] FlipBits(byte[] bytes, int offset, int length, int count, int seed)
    {
        var copy = (byte[])bytes.Clone();
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var at = offset + random.Next(length);
            copy[at] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    /// <summary>Flips bits inside one part's compressed data, so its inflate or CRC check fails.</summary>
    public static byte[] FlipBitsInPart(byte[] zip, string partName, int count, int seed)
    {
        var (offset, length) = CompressedData(zip, partName);
        return FlipBits(zip, offset, length, count, seed);
    }

    /// <summary>The offset of the central directory (start of its first record).</summary>
    public static int CentralDirectoryOffset(byte[] zip)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == CentralDirectorySignature) return i;
        }
        throw new ArgumentException("no central directory", nameof(zip));
    }

    /// <summary>Patches the central directory so every entry under <paramref name="prefix"/> declares <paramref name="size"/> uncompressed bytes.</summary>
    public static byte[] DeclareUncompressedSize(byte[] zip, string prefix, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var patched = 0;
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) != CentralDirectorySignature) continue;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28));
            var name = Encoding.UTF8.GetString(bytes, i + 46, nameLength);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
            patched++;
        }
        if (patched == 0) throw new ArgumentException($"no entry under {prefix}", nameof(prefix));
        return bytes;
    }

    /// <summary>Writes <paramref name="repeat"/> copies of <paramref name="unit"/> (UTF-8) to a stream in 64 KB chunks.</summary>
    public static void WriteRepeated(Stream stream, string unit, long repeat)
    {
        var one = Encoding.UTF8.GetBytes(unit);
        var perChunk = Math.Max(1, 65536 / one.Length);
        var chunk = new byte[one.Length * perChunk];
        for (var i = 0; i < perChunk; i++) one.CopyTo(chunk, i * one.Length);
        for (var left = repeat; left > 0; left -= perChunk)
        {
            var n = (int)Math.Min(perChunk, left);
            stream.Write(chunk, 0, n * one.Length);
        }
    }
}
