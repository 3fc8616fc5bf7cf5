using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;

namespace FunctionsPipeline.Core.Rendering.Pdf;

internal sealed record XmpFields(DocumentMetadata Metadata, string Creator, string Producer, DateTimeOffset Created, byte[] ContentHash);

/// <summary>
/// Rewrites the file PDFsharp saved, object by object, fixing what PDFsharp 6.2.4 gets wrong:
/// its Flate streams lack the zlib Adler-32 trailer (qpdf: "input stream is complete but output
/// may still be valid"), its XMP is not XML-escaped and carries random ids, and its font subsets
/// keep the advance widths of every dropped glyph (about 30 KB per font once compressed).
/// Offsets, /Length values and the cross-reference table are rebuilt.
/// </summary>
internal static partial class PdfFinisher
{
    public static byte[] Finish(byte[] pdf, XmpFields xmp)
    {
        var objects = PdfObjectReader.Read(pdf, out var headerEnd, out var trailerStart);
        using var output = new MemoryStream(pdf.Length);
        output.Write(pdf, 0, headerEnd);
        var offsets = new SortedDictionary<int, long>();
        foreach (var obj in objects)
        {
            offsets[obj.Number] = output.Position;
            if (obj.Stream is null)
            {
                output.Write(pdf, obj.Start, obj.End - obj.Start);
                continue;
            }
            var dictionary = Encoding.Latin1.GetString(pdf, obj.Start, obj.Stream.Value.DictionaryEnd - obj.Start);
            var data = pdf.AsSpan(obj.Stream.Value.DataStart, obj.Stream.Value.DataLength).ToArray();
            if (dictionary.Contains("/Type/Metadata", StringComparison.Ordinal))
                data = Encoding.UTF8.GetBytes(Xmp(xmp));
            else if (IsFlate(dictionary))
                data = dictionary.Contains("/Length1", StringComparison.Ordinal) ? Deflate(TrimFont(Inflate(data))) : CompleteZlib(data);
            else if (!dictionary.Contains("/Filter", StringComparison.Ordinal))
            {
                if (dictionary.Contains("/Length1", StringComparison.Ordinal)) TrimFont(data);
                data = Deflate(data);
                dictionary = dictionary[..^2] + "/Filter/FlateDecode>>";
            }
            dictionary = LengthEntry().Replace(dictionary, "/Length " + data.Length.ToString(CultureInfo.InvariantCulture), 1);
            Write(output, dictionary);
            Write(output, "\nstream\n");
            output.Write(data);
            Write(output, "\nendstream\nendobj\n");
        }

        var xrefStart = output.Position;
        var size = offsets.Keys.Max() + 1;
        var xref = new StringBuilder().Append("xref\n0 ").Append(size).Append('\n').Append("0000000000 65535 f \n");
        for (var n = 1; n < size; n++)
            xref.Append(offsets.TryGetValue(n, out var at) ? $"{at:D10} 00000 n \n" : "0000000000 00000 f \n");
        Write(output, xref.ToString());
        var trailer = Encoding.Latin1.GetString(pdf, trailerStart, pdf.Length - trailerStart);
        var trailerDictionary = trailer[..(trailer.IndexOf(">>", StringComparison.Ordinal) + 2)];
        Write(output, trailerDictionary + "\nstartxref\n" + xrefStart.ToString(CultureInfo.InvariantCulture) + "\n%%EOF\n");
        return output.ToArray();
    }

    private static bool IsFlate(string dictionary) => dictionary.Contains("/Filter/FlateDecode", StringComparison.Ordinal)
        || dictionary.Contains("/Filter /FlateDecode", StringComparison.Ordinal);

    /// <summary>Appends the Adler-32 of the decoded data when the zlib stream lacks it.</summary>
    internal static byte[] CompleteZlib(byte[] data)
    {
        var decoded = Inflate(data);
        var adler = Adler32(decoded);
        if (data.Length >= 4 && data.AsSpan(data.Length - 4).SequenceEqual(adler)) return data;
        return [.. data, .. adler];
    }

    private static byte[] TrimFont(byte[] font)
    {
        TrueTypeSubset.ClearDroppedGlyphMetrics(font);
        return font;
    }

    /// <summary>A complete zlib stream (header, deflate data, Adler-32).</summary>
    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return compressed.ToArray();
    }

    /// <summary>Decodes a zlib stream (2-byte header, deflate data, trailer possibly missing).</summary>
    private static byte[] Inflate(byte[] data)
    {
        using var input = new MemoryStream(data, 2, data.Length - 2);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        deflate.CopyTo(decoded);
        return decoded.ToArray();
    }

    internal static byte[] Adler32(ReadOnlySpan<byte> data)
    {
        const uint modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(data.Length, 5552)];   // largest run without overflow before the modulo
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

    /// <summary>The XMP packet PDFsharp writes for PDF/A-1, with escaped values and content-derived ids.</summary>
    internal static string Xmp(XmpFields f)
    {
        static string E(string s) => System.Security.SecurityElement.Escape(s);
        var date = f.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var documentId = Uuid(f.ContentHash, 0);
        var instanceId = Uuid(f.ContentHash, 16);
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
                    <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{E(m.Subject)}</rdf:li></rdf:Alt></dc:description>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                    <xmp:CreatorTool>{E(f.Creator)}</xmp:CreatorTool>
                    <xmp:CreateDate>{date}</xmp:CreateDate>
                    <xmp:ModifyDate>{date}</xmp:ModifyDate>
                  </rdf:Description>
                  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
                    <xmpMM:DocumentID>uuid:{documentId}</xmpMM:DocumentID>
                    <xmpMM:InstanceID>uuid:{instanceId}</xmpMM:InstanceID>
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
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);   // version 5 style (name-based), variant RFC 4122
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static void Write(Stream output, string latin1) => output.Write(Encoding.Latin1.GetBytes(latin1));

    [GeneratedRegex(@"/Length\s+\d+")]
    private static partial Regex LengthEntry();
}
