using System.Buffers.Binary;
using System.Text;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>
/// Writes a minimal OLE2 compound file (version 3, 512-byte sectors, one FAT sector) holding the
/// given streams, each padded to at least 4096 bytes so it lives in regular sectors. Enough to
/// imitate encrypted .xlsx (EncryptionInfo + EncryptedPackage), encrypted .xls and .doc files.
/// </summary>
internal static class CompoundFileBuilder
{
    private const int SectorSize = 512;
    private const uint EndOfChain = 0xFFFFFFFE, FreeSector = 0xFFFFFFFF, FatSector = 0xFFFFFFFD, NoStream = 0xFFFFFFFF;

    public static byte[] Build(params (string Name, byte[] Content)[] streams)
    {
        var padded = streams.Select(s => (s.Name, Content: Pad(s.Content))).ToList();
        var fat = Enumerable.Repeat(FreeSector, SectorSize / 4).ToArray();
        fat[0] = FatSector;
        fat[1] = EndOfChain; // the directory
        var next = 2u;
        var starts = new List<uint>();
        foreach (var (_, content) in padded)
        {
            var sectors = (uint)(content.Length / SectorSize);
            starts.Add(next);
            for (var i = 0u; i < sectors; i++) fat[next + i] = i == sectors - 1 ? EndOfChain : next + i + 1;
            next += sectors;
        }
        if (next > fat.Length || padded.Count > 3) throw new ArgumentException("too much for one FAT/directory sector");

        var file = new byte[SectorSize * (1 + next)];
        var header = file.AsSpan(0, SectorSize);
        header.Fill(0);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1);          // FAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1);          // first directory sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);       // mini stream cutoff
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], EndOfChain); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain); // no DIFAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x4C..], 0);          // FAT in sector 0
        for (var i = 1; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + 4 * i)..], FreeSector);

        var fatSector = Sector(file, 0);
        for (var i = 0; i < fat.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(fatSector[(4 * i)..], fat[i]);

        var directory = Sector(file, 1);
        WriteEntry(directory[..128], "Root Entry", type: 5, EndOfChain, 0, child: padded.Count > 0 ? 1u : NoStream, right: NoStream);
        for (var i = 0; i < padded.Count; i++)
        {
            var right = i + 1 < padded.Count ? (uint)(i + 2) : NoStream;
            WriteEntry(directory.Slice(128 * (i + 1), 128), padded[i].Name, type: 2, starts[i], streams[i].Content.Length, NoStream, right);
        }
        for (var i = 0; i < padded.Count; i++) padded[i].Content.CopyTo(file.AsSpan(SectorSize * (1 + (int)starts[i])));
        return file;
    }

    private static Span<byte> Sector(byte[] file, uint number) => file.AsSpan(SectorSize * (1 + (int)number), SectorSize);

    private static byte[] Pad(byte[] content)
    {
        var length = Math.Max(4096, (content.Length + SectorSize - 1) / SectorSize * SectorSize);
        var padded = new byte[length];
        content.CopyTo(padded, 0);
        return padded;
    }

    private static void WriteEntry(Span<byte> entry, string name, byte type, uint start, long size, uint child, uint right)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(nameBytes.Length + 2));
        entry[0x42] = type;
        entry[0x43] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], start);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[0x78..], (ulong)size);
    }
}
