using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FunctionsPipeline.Core.Rendering.Ofd;

/// <summary>One entry's data compressed (raw deflate, <see cref="CompressionLevel.Optimal"/>), with its CRC-32 and length.</summary>
internal sealed record DeflatedContent(byte[] Deflated, uint Crc32, int Length)
{
    public static DeflatedContent Of(ReadOnlySpan<byte> content)
    {
        using var compressed = new MemoryStream(content.Length / 3 + 64);
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(content);
        return new DeflatedContent(compressed.ToArray(), System.IO.Hashing.Crc32.HashToUInt32(content), content.Length);
    }
}

/// <summary>
/// Writes the OFD's zip package from entries compressed beforehand, so a font subset compressed for an earlier render
/// is not compressed again (<see cref="TrueTypeSubsetter.Subsets"/> keeps them compressed). The bytes are those
/// <see cref="ZipArchive"/> writes into a seekable stream (tested): local headers without data descriptors, version 2.0,
/// made on Unix, mode 0644 files, no extra fields, no comment; entries below 4 GB (no Zip64: an OFD here is under 2 MB).
/// </summary>
internal static class OfdZip
{
    public static byte[] Write(IReadOnlyList<(string Path, DeflatedContent Content)> entries, DateTimeOffset created)
    {
        var utc = created.UtcDateTime;
        var dosTime = (ushort)((utc.Hour << 11) | (utc.Minute << 5) | (utc.Second / 2));
        var dosDate = (ushort)(((utc.Year - 1980) << 9) | (utc.Month << 5) | utc.Day);
        var names = entries.Select(e => Encoding.ASCII.GetBytes(e.Path)).ToArray();
        var size = entries.Select((e, i) => 30 + names[i].Length + e.Content.Deflated.Length + 46 + names[i].Length).Sum() + 22;
        var zip = new byte[size];
        var at = 0;
        var offsets = new int[entries.Count];

        void Header(Span<byte> h, int i)
        {
            var content = entries[i].Content;
            BinaryPrimitives.WriteUInt16LittleEndian(h, 20);              // version needed: deflate
            BinaryPrimitives.WriteUInt16LittleEndian(h[2..], 0);          // flags
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 8);          // deflate
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], dosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(h[8..], dosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(h[10..], content.Crc32);
            BinaryPrimitives.WriteUInt32LittleEndian(h[14..], (uint)content.Deflated.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[18..], (uint)content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)names[i].Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[24..], 0);         // extra field length
        }

        for (var i = 0; i < entries.Count; i++)
        {
            offsets[i] = at;
            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(at), 0x04034b50);
            Header(zip.AsSpan(at + 4, 26), i);
            at += 30;
            names[i].CopyTo(zip, at);
            at += names[i].Length;
            entries[i].Content.Deflated.CopyTo(zip, at);
            at += entries[i].Content.Deflated.Length;
        }
        var directory = at;
        for (var i = 0; i < entries.Count; i++)
        {
            var c = zip.AsSpan(at, 46);
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 0x0314);     // made by: Unix, 2.0
            Header(c.Slice(6, 26), i);
            // comment length, disk, internal attributes: 0
            BinaryPrimitives.WriteUInt32LittleEndian(c[38..], 0x81A40000); // external attributes: regular file, 0644
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)offsets[i]);
            at += 46;
            names[i].CopyTo(zip, at);
            at += names[i].Length;
        }
        var end = zip.AsSpan(at, 22);
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)(at - directory));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directory);
        return zip;
    }
}
