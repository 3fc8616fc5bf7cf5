using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FunctionsPipeline.Tests.Rendering.Ofd;

/// <summary>
/// Where a page image has ink: a pixel whose grey value is below <see cref="InkBelow"/>. Read from the PNG
/// screenshots Chromium writes and the PGM pages <c>pdftoppm -gray</c> writes, both decoded here (8-bit,
/// non-interlaced PNG: what Chromium writes; binary PGM), so the test needs no image package.
/// </summary>
internal sealed class InkImage
{
    /// <summary>Grey (0 black … 255 white) below which a pixel counts as ink: anti-aliased glyph edges lighter than this are left out on both sides.</summary>
    public const int InkBelow = 160;

    private readonly bool[] _ink;

    private InkImage(int width, int height, bool[] ink)
    {
        Width = width;
        Height = height;
        _ink = ink;
    }

    public int Width { get; }

    public int Height { get; }

    public bool this[int x, int y] => _ink[y * Width + x];

    public int InkCount => _ink.Count(i => i);

    /// <summary>A rectangle of this image (pages laid side by side in one screenshot).</summary>
    public InkImage Crop(int left, int top, int width, int height)
    {
        var ink = new bool[width * height];
        for (var y = 0; y < height; y++) Array.Copy(_ink, (top + y) * Width + left, ink, y * width, width);
        return new InkImage(width, height, ink);
    }

    /// <summary>
    /// The share of this image's ink pixels that have ink in <paramref name="other"/> within <paramref name="radius"/>
    /// pixels (a square: |dx| and |dy| ≤ radius). 1 when this image has no ink.
    /// </summary>
    public double InkNear(InkImage other, int radius)
    {
        if (other.Width != Width || other.Height != Height)
            throw new ArgumentException($"images differ in size: {Width}×{Height} and {other.Width}×{other.Height}");
        var near = other.Dilate(radius);
        long ink = 0, covered = 0;
        for (var i = 0; i < _ink.Length; i++)
        {
            if (!_ink[i]) continue;
            ink++;
            if (near[i]) covered++;
        }
        return ink == 0 ? 1 : (double)covered / ink;
    }

    /// <summary>The page score: ink of each image near ink of the other, the smaller share of the two directions.</summary>
    public static double Overlap(InkImage a, InkImage b, int radius) => Math.Min(a.InkNear(b, radius), b.InkNear(a, radius));

    /// <summary>Every pixel within <paramref name="radius"/> of ink (separable: rows, then columns).</summary>
    private bool[] Dilate(int radius)
    {
        var rows = new bool[_ink.Length];
        for (var y = 0; y < Height; y++)
        {
            var last = int.MinValue / 2;   // x of the last ink pixel seen going right
            for (var x = 0; x < Width + radius; x++)
            {
                if (x < Width && _ink[y * Width + x]) last = x;
                var target = x - radius;   // pixels up to radius left of x: fill when ink lies within radius on either side
                if (target >= 0 && x - last <= 2 * radius) rows[y * Width + target] = true;
            }
        }
        var result = new bool[_ink.Length];
        for (var x = 0; x < Width; x++)
        {
            var last = int.MinValue / 2;
            for (var y = 0; y < Height + radius; y++)
            {
                if (y < Height && rows[y * Width + x]) last = y;
                var target = y - radius;
                if (target >= 0 && y - last <= 2 * radius) result[target * Width + x] = true;
            }
        }
        return result;
    }

    /// <summary>A binary PGM (P5, maxval 255), as <c>pdftoppm -gray</c> writes it.</summary>
    public static InkImage FromPgm(byte[] file)
    {
        var position = 0;
        string Token()
        {
            while (position < file.Length && (char.IsWhiteSpace((char)file[position]) || file[position] == '#'))
            {
                if (file[position] == '#') while (file[position] != '\n') position++;
                position++;
            }
            var start = position;
            while (!char.IsWhiteSpace((char)file[position])) position++;
            return Encoding.ASCII.GetString(file, start, position - start);
        }
        if (Token() != "P5") throw new InvalidDataException("not a binary PGM (P5)");
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        if (Token() != "255") throw new InvalidDataException("PGM maxval is not 255");
        position++;   // the single whitespace before the pixels
        var ink = new bool[width * height];
        for (var i = 0; i < ink.Length; i++) ink[i] = file[position + i] < InkBelow;
        return new InkImage(width, height, ink);
    }

    /// <summary>An 8-bit, non-interlaced PNG (grey, grey+alpha, RGB or RGBA); colour is averaged to grey, alpha is ignored (the page is opaque).</summary>
    public static InkImage FromPng(byte[] file)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!file.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var position = 8; position < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
            var type = Encoding.ASCII.GetString(file, position + 4, 4);
            var body = file.AsSpan(position + 8, length);
            position += 12 + length;
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new InvalidDataException($"PNG bit depth {body[8]}, interlace {body[12]}: only 8-bit non-interlaced is read");
                channels = body[9] switch
                {
                    0 => 1,
                    2 => 3,
                    4 => 2,
                    6 => 4,
                    _ => throw new InvalidDataException($"PNG colour type {body[9]} is not read"),
                };
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
        }

        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var inflate = new ZLibStream(idat, CompressionMode.Decompress)) inflate.ReadExactly(raw);

        var ink = new bool[width * height];
        var previous = new byte[stride];
        var line = new byte[stride];
        var colours = Math.Min(channels, 3);
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, line, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? line[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                line[i] = filter switch
                {
                    0 => line[i],
                    1 => (byte)(line[i] + a),
                    2 => (byte)(line[i] + b),
                    3 => (byte)(line[i] + ((a + b) >> 1)),
                    4 => (byte)(line[i] + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                };
            }
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var k = 0; k < colours; k++) sum += line[x * channels + k];
                ink[y * width + x] = sum < InkBelow * colours;
            }
            (previous, line) = (line, previous);
        }
        return new InkImage(width, height, ink);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
