using System.Buffers.Binary;
using System.Text;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// Just enough of the OLE2 compound file format (MS-CFB) to list stream names and read the start
/// of a stream: an encrypted .xlsx is such a file holding EncryptionInfo + EncryptedPackage, an
/// .xls holds a Workbook stream, a .doc a WordDocument stream. Every chain walk is bounded, so a
/// hostile file cannot loop.
/// </summary>
internal sealed class CompoundFile
{
    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;

    private readonly byte[] _data;
    private readonly int _sectorSize;
    private readonly uint[] _fat;
    private readonly uint _miniStreamCutoff;

    public sealed record Entry(string Name, byte Type, uint StartSector, long Size);

    public IReadOnlyList<Entry> Entries { get; }

    private CompoundFile(byte[] data, int sectorSize, uint[] fat, uint miniStreamCutoff, List<Entry> entries)
    {
        _data = data;
        _sectorSize = sectorSize;
        _fat = fat;
        _miniStreamCutoff = miniStreamCutoff;
        Entries = entries;
    }

    public bool Has(string name) => Entries.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public Entry? Find(string name) => Entries.FirstOrDefault(e => e.Type == 2 && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens the directory; null if the structure is broken.</summary>
    public static CompoundFile? TryOpen(byte[] data)
    {
        if (data.Length < 512 || !data.AsSpan(0, 8).SequenceEqual(Signature)) return null;
        var header = data.AsSpan(0, 512);
        int shift = BinaryPrimitives.ReadUInt16LittleEndian(header[0x1E..]);
        if (shift is not (9 or 12)) return null;
        var sectorSize = 1 << shift;
        var sectorCount = (data.Length - sectorSize) / sectorSize + 1;
        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
        var firstDirectory = BinaryPrimitives.ReadUInt32LittleEndian(header[0x30..]);
        var miniCutoff = BinaryPrimitives.ReadUInt32LittleEndian(header[0x38..]);
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(header[0x44..]);
        if (fatSectorCount > (uint)sectorCount) return null;

        // FAT sector numbers: 109 in the header, the rest in a chain of DIFAT sectors.
        var fatSectors = new List<uint>();
        for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
        {
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header[(0x4C + 4 * i)..]));
        }
        var difat = firstDifat;
        for (var guard = 0; fatSectors.Count < fatSectorCount && difat < EndOfChain; guard++)
        {
            if (guard > sectorCount || !TrySector(data, sectorSize, difat, out var sector)) return null;
            var perSector = sectorSize / 4 - 1;
            for (var i = 0; i < perSector && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector[(4 * i)..]));
            }
            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector[(sectorSize - 4)..]);
        }

        var fat = new uint[fatSectors.Count * (sectorSize / 4)];
        for (var f = 0; f < fatSectors.Count; f++)
        {
            if (!TrySector(data, sectorSize, fatSectors[f], out var sector)) return null;
            for (var i = 0; i < sectorSize / 4; i++) fat[f * (sectorSize / 4) + i] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(4 * i)..]);
        }

        var entries = new List<Entry>();
        var current = firstDirectory;
        for (var guard = 0; current < EndOfChain; guard++)
        {
            if (guard > sectorCount || !TrySector(data, sectorSize, current, out var sector)) return null;
            for (var offset = 0; offset + 128 <= sectorSize; offset += 128)
            {
                var raw = sector.Slice(offset, 128);
                var type = raw[0x42];
                if (type == 0) continue; // unused slot
                int nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(raw[0x40..]);
                nameBytes = Math.Clamp(nameBytes - 2, 0, 62);
                var name = Encoding.Unicode.GetString(raw[..nameBytes]);
                var start = BinaryPrimitives.ReadUInt32LittleEndian(raw[0x74..]);
                var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[0x78..]);
                if (shift == 9) size &= 0xFFFFFFFF; // version 3 files: high dword undefined
                entries.Add(new Entry(name, type, start, size));
            }
            current = current < fat.Length ? fat[current] : EndOfChain;
        }
        return new CompoundFile(data, sectorSize, fat, miniCutoff, entries);
    }

    /// <summary>
    /// The first bytes of a stream stored in regular sectors; null for streams in the mini stream
    /// (small ones) or broken chains. Enough to look at the first records of a Workbook stream.
    /// </summary>
    public byte[]? ReadPrefix(Entry entry, int maxBytes)
    {
        if (entry.Size < _miniStreamCutoff) return null;
        var length = (int)Math.Min(entry.Size, maxBytes);
        var result = new byte[length];
        var written = 0;
        var sectorNumber = entry.StartSector;
        for (var guard = 0; written < length && sectorNumber < EndOfChain && guard <= _fat.Length; guard++)
        {
            if (!TrySector(_data, _sectorSize, sectorNumber, out var sector)) return null;
            var take = Math.Min(_sectorSize, length - written);
            sector[..take].CopyTo(result.AsSpan(written));
            written += take;
            sectorNumber = sectorNumber < _fat.Length ? _fat[sectorNumber] : FreeSector;
        }
        return written == length ? result : null;
    }

    private static bool TrySector(byte[] data, int sectorSize, uint number, out ReadOnlySpan<byte> sector)
    {
        var offset = ((long)number + 1) * sectorSize;
        if (number >= EndOfChain - 10 || offset + sectorSize > data.Length)
        {
            sector = default;
            return false;
        }
        sector = data.AsSpan((int)offset, sectorSize);
        return true;
    }
}
