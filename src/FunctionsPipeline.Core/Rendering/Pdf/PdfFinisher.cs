using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;

namespace FunctionsPipeline.Core.Rendering.Pdf;

internal sealed record XmpFields(DocumentMetadata Metadata, string Creator, string Producer, DateTimeOffset Created, byte[] ContentHash);

/// <summary>
/// Rewrites the file PDFsharp saved (uncompressed), object by object:
/// compresses every stream as a complete zlib stream (PDFsharp's own Flate streams lack the
/// Adler-32 trailer: qpdf's "input stream is complete but output may still be valid");
/// replaces the XMP with an XML-escaped one carrying content-derived ids; zeroes the advance
/// widths PDFsharp's font subsets keep for every dropped glyph (about 30 KB per font once
/// compressed) and adds the CIDSet PDF/A-1 asks for. Offsets, /Length and the xref are rebuilt.
/// </summary>
internal static partial class PdfFinisher
{
    /// <summary>Finishes the file PDFsharp saved into the first <paramref name="length"/> bytes of <paramref name="pdf"/> (font programs are trimmed in place).</summary>
    public static byte[] Finish(byte[] pdf, int length, XmpFields xmp)
    {
        var objects = PdfObjectReader.Read(pdf, length, out var headerEnd, out var trailerStart);
        var nextNumber = objects.Max(o => o.Number) + 1;
        var fonts = PrepareFonts(pdf, objects, ref nextNumber);

        using var output = new MemoryStream(length / 3);
        output.Write(pdf, 0, headerEnd);
        var offsets = new SortedDictionary<int, long>();
        foreach (var obj in objects)
        {
            offsets[obj.Number] = output.Position;
            if (obj.Stream is not { } stream)
            {
                // Most objects (the structure tree's hundreds) are copied as they are; only a font descriptor gains its CIDSet.
                if (pdf.AsSpan(obj.Start, obj.End - obj.Start).IndexOf("/FontFile2"u8) < 0)
                {
                    output.Write(pdf, obj.Start, obj.End - obj.Start);
                    continue;
                }
                var text = Text(pdf, obj.Start, obj.End);
                var fontFile = FontFileReference().Match(text);
                if (fontFile.Success && fonts.TryGetValue(int.Parse(fontFile.Groups[1].Value, CultureInfo.InvariantCulture), out var font))
                    text = text.Replace(fontFile.Value, $"{fontFile.Value}/CIDSet {font.CidSetNumber} 0 R", StringComparison.Ordinal);
                Write(output, text);
                continue;
            }
            var dictionary = Text(pdf, obj.Start, stream.DictionaryEnd);
            var original = pdf.AsSpan(stream.DataStart, stream.DataLength);
            byte[] data;
            if (dictionary.Contains("/Type/Metadata", StringComparison.Ordinal))
            {
                data = Encoding.UTF8.GetBytes(Xmp(xmp));   // PDF/A: metadata stays uncompressed
            }
            else if (fonts.TryGetValue(obj.Number, out var font))
            {
                data = font.Program;
                if (!IsFlate(dictionary)) dictionary = dictionary[..^2] + "/Filter/FlateDecode>>";
            }
            else if (IsFlate(dictionary))
            {
                data = CompleteZlib(original.ToArray());
            }
            else if (!dictionary.Contains("/Filter", StringComparison.Ordinal))
            {
                data = Deflate(original);
                dictionary = dictionary[..^2] + "/Filter/FlateDecode>>";
            }
            else
            {
                data = original.ToArray();
            }
            WriteStream(output, dictionary, data);
        }
        foreach (var font in fonts.Values)
        {
            offsets[font.CidSetNumber] = output.Position;
            WriteStream(output, $"{font.CidSetNumber} 0 obj\n<</Length 0/Filter/FlateDecode>>", Deflate(font.CidSet));
        }

        var xrefStart = output.Position;
        var size = offsets.Keys.Max() + 1;
        var xref = new StringBuilder(20 * size + 32).Append("xref\n0 ").Append(size).Append("\n0000000000 65535 f \n");
        for (var n = 1; n < size; n++)
        {
            if (offsets.TryGetValue(n, out var at)) xref.Append(CultureInfo.InvariantCulture, $"{at:D10} 00000 n \n");
            else xref.Append("0000000000 00000 f \n");
        }
        Write(output, xref.ToString());
        var trailer = Text(pdf, trailerStart, length);
        trailer = trailer[..(trailer.IndexOf(">>", StringComparison.Ordinal) + 2)];
        trailer = SizeEntry().Replace(trailer, "/Size " + size.ToString(CultureInfo.InvariantCulture), 1);
        Write(output, trailer + "\nstartxref\n" + xrefStart.ToString(CultureInfo.InvariantCulture) + "\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>A font program after trimming, compressed, and its CIDSet with the object number it will get.</summary>
    private sealed record TrimmedFont(byte[] Program, byte[] CidSet, int CidSetNumber);

    /// <summary>A trimmed, compressed font program and its CIDSet (null: not a TrueType font, left as it is).</summary>
    internal sealed record FinishedProgram(byte[] Deflated, byte[] CidSet);

    /// <summary>Finished programs by SHA-256 of the subset PDFsharp wrote and the CIDs drawn (see <see cref="FontProgramCache{TKey, TValue}"/>).</summary>
    internal static readonly FontProgramCache<string, FinishedProgram?> Programs = new(StringComparer.Ordinal);

    /// <summary>
    /// Trims each embedded TrueType subset, keeping every glyph the CIDFont's /W says is drawn, and compresses it;
    /// a subset already finished for an earlier render (same bytes, same CIDs) is taken from <see cref="Programs"/>.
    /// </summary>
    private static Dictionary<int, TrimmedFont> PrepareFonts(byte[] pdf, List<PdfObjectSpan> objects, ref int nextNumber)
    {
        var byNumber = objects.ToDictionary(o => o.Number);
        string DictionaryOf(PdfObjectSpan o) => Text(pdf, o.Start, o.Stream?.DictionaryEnd ?? o.End);
        var fonts = new Dictionary<int, TrimmedFont>();
        foreach (var cidFont in objects.Where(o => o.Stream is null))
        {
            var text = DictionaryOf(cidFont);
            if (!text.Contains("/Subtype/CIDFontType2", StringComparison.Ordinal) || !text.Contains("/CIDToGIDMap/Identity", StringComparison.Ordinal)) continue;
            var descriptor = DescriptorReference().Match(text);
            if (!descriptor.Success || !byNumber.TryGetValue(Number(descriptor.Groups[1].Value), out var descriptorObject)) continue;
            var fontFile = FontFileReference().Match(DictionaryOf(descriptorObject));
            if (!fontFile.Success || !byNumber.TryGetValue(Number(fontFile.Groups[1].Value), out var fileObject) || fileObject.Stream is not { } stream) continue;

            Memory<byte> program = IsFlate(DictionaryOf(fileObject))
                ? Inflate(pdf.AsSpan(stream.DataStart, stream.DataLength).ToArray())
                : pdf.AsMemory(stream.DataStart, stream.DataLength);
            var cids = WidthArray.Cids(text);
            var finished = Programs.GetOrAdd(ProgramKey(program.Span, cids), _ =>
                TrueTypeSubset.ClearDroppedGlyphMetrics(program.Span, cids) is { } cidSet ? new FinishedProgram(Deflate(program.Span), cidSet) : null);
            if (finished is not null) fonts[fileObject.Number] = new TrimmedFont(finished.Deflated, finished.CidSet, nextNumber++);
        }
        return fonts;
    }

    /// <summary>SHA-256 of the font program and the sorted CIDs drawn with it: everything its trimmed, compressed form depends on.</summary>
    private static string ProgramKey(ReadOnlySpan<byte> program, IReadOnlySet<int> cids)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(program);
        Span<byte> cid = stackalloc byte[4];
        foreach (var c in cids.Order())
        {
            BinaryPrimitives.WriteInt32BigEndian(cid, c);
            sha.AppendData(cid);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    private static bool IsFlate(string dictionary) => dictionary.Contains("/Filter/FlateDecode", StringComparison.Ordinal)
        || dictionary.Contains("/Filter /FlateDecode", StringComparison.Ordinal);

    /// <summary>Appends the Adler-32 of the decoded data when the zlib stream lacks it.</summary>
    internal static byte[] CompleteZlib(byte[] data)
    {
        var adler = Adler32(Inflate(data));
        return data.AsSpan(data.Length - 4).SequenceEqual(adler) ? data : [.. data, .. adler];
    }

    /// <summary>A complete zlib stream (header, deflate data, Adler-32).</summary>
    private static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream(data.Length / 3 + 64);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return compressed.ToArray();
    }

    /// <summary>Decodes a zlib stream (2-byte header, deflate data, trailer possibly missing).</summary>
    private static byte[] Inflate(byte[] data)
    {
        using var input = new MemoryStream(data, 2, data.Length - 2);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var decoded = new MemoryStream(data.Length * 3);
        deflate.CopyTo(decoded);
        return decoded.ToArray();
    }

    internal static byte[] Adler32(ReadOnlySpan<byte> data)
    {
        const uint modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(data.Length, 5552)];   // the longest run that cannot overflow before the modulo
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }
            a %= modulus;
            b %= modulus;
            data = data[chunk.Length..];
        }
        var sum = (b << 16) | a;
        return [(byte)(sum >> 24), (byte)(sum >> 16), (byte)(sum >> 8), (byte)sum];
    }

    /// <summary>The XMP packet PDFsharp writes for PDF/A-1a, with escaped values and content-derived ids.</summary>
    internal static string Xmp(XmpFields f)
    {
        static string E(string s) => System.Security.SecurityElement.Escape(s);
        var date = f.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var m = f.Metadata;
        return $"""
            <?xpacket begin="{'\uFEFF'}" id="W5M0MpCehiHzreSzNTczkc9d"?>
              <x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="3.1-701">
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                    <pdf:Producer>{E(f.Producer)}</pdf:Producer><pdf:Keywords>{E(m.Keywords)}</pdf:Keywords>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                    <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{E(m.Title)}</rdf:li></rdf:Alt></dc:title>
                    <dc:creator><rdf:Seq><rdf:li>{E(m.Author)}</rdf:li></rdf:Seq></dc:creator>
                    <dc:publisher><rdf:Bag><rdf:li>{E(m.Author)}</rdf:li></rdf:Bag></dc:publisher>
                    <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{E(m.Subject)}</rdf:li></rdf:Alt></dc:description>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                    <xmp:CreatorTool>{E(f.Creator)}</xmp:CreatorTool>
                    <xmp:CreateDate>{date}</xmp:CreateDate>
                    <xmp:ModifyDate>{date}</xmp:ModifyDate>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
                    <xmpMM:DocumentID>uuid:{Uuid(f.ContentHash, 0)}</xmpMM:DocumentID>
                    <xmpMM:InstanceID>uuid:{Uuid(f.ContentHash, 16)}</xmpMM:InstanceID>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                    <pdfaid:part>1</pdfaid:part>
                    <pdfaid:conformance>A</pdfaid:conformance>
                  </rdf:Description>
                </rdf:RDF>
              </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }

    private static string Uuid(byte[] hash, int offset)
    {
        var bytes = hash.AsSpan(offset, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);   // name-based (version 5 layout), RFC 4122 variant
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static void WriteStream(Stream output, string dictionary, byte[] data)
    {
        dictionary = LengthEntry().Replace(dictionary, "/Length " + data.Length.ToString(CultureInfo.InvariantCulture), 1);
        Write(output, dictionary + "\nstream\n");
        output.Write(data);
        Write(output, "\nendstream\nendobj\n");
    }

    private static string Text(byte[] pdf, int start, int end) => Encoding.Latin1.GetString(pdf, start, end - start);

    private static void Write(Stream output, string latin1) => output.Write(Encoding.Latin1.GetBytes(latin1));

    [GeneratedRegex(@"/Length\s+\d+")]
    private static partial Regex LengthEntry();

    [GeneratedRegex(@"/Size\s+\d+")]
    private static partial Regex SizeEntry();

    [GeneratedRegex(@"/FontFile2\s*(\d+)\s+0\s+R")]
    private static partial Regex FontFileReference();

    [GeneratedRegex(@"/FontDescriptor\s*(\d+)\s+0\s+R")]
    private static partial Regex DescriptorReference();
}
