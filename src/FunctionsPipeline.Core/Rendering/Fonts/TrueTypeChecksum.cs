using System.Buffers.Binary;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>The TrueType table checksum (sum of big-endian 32-bit words, the last one zero-padded), shared by every font writer here.</summary>
internal static class TrueTypeChecksum
{
    public static uint Of(ReadOnlySpan<byte> data)
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
