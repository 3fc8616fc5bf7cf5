using System.Text;

namespace FunctionsPipeline.Core.Rendering.Pdf;

/// <summary>Where a stream's dictionary ends and its data lies, as bytes offsets in the file.</summary>
internal readonly record struct StreamPart(int DictionaryEnd, int DataStart, int DataLength);

/// <summary>One indirect object: bytes [Start, End) from "N 0 obj" through "endobj" and its line end.</summary>
internal sealed record PdfObjectSpan(int Number, int Start, int End, StreamPart? Stream);

/// <summary>
/// Reads the indirect objects of a PDF written in one pass with a classic xref table (as PDFsharp
/// writes it): objects one after another, direct stream lengths. Not a general PDF parser.
/// </summary>
internal static class PdfObjectReader
{
    public static List<PdfObjectSpan> Read(byte[] pdf, out int headerEnd, out int trailerStart) =>
        Read(pdf, pdf.Length, out headerEnd, out trailerStart);

    /// <summary>Reads the objects of the file in the first <paramref name="length"/> bytes of <paramref name="pdf"/>.</summary>
    public static List<PdfObjectSpan> Read(byte[] pdf, int length, out int headerEnd, out int trailerStart)
    {
        var objects = new List<PdfObjectSpan>();
        var xref = pdf.AsSpan(0, length).LastIndexOf("\nxref\n"u8) + 1;
        trailerStart = xref + pdf.AsSpan(xref, length - xref).IndexOf("trailer"u8);
        if (xref <= 0 || trailerStart < xref) throw new InvalidDataException("No classic cross-reference table.");
        var pos = SkipToObject(pdf, 0);
        headerEnd = pos;
        while (pos < xref)
        {
            var header = ReadToken(pdf, ref pos);          // object number
            ReadToken(pdf, ref pos);                       // generation
            if (!ReadToken(pdf, ref pos).SequenceEqual("obj"u8)) throw new InvalidDataException($"Expected 'obj' at {pos}.");
            var number = int.Parse(header, provider: System.Globalization.CultureInfo.InvariantCulture);
            var start = LineStart(pdf, pos);
            StreamPart? stream = null;
            while (true)
            {
                SkipWhitespace(pdf, ref pos);
                if (Matches(pdf, pos, "endobj"u8)) break;
                if (Matches(pdf, pos, "stream"u8))
                {
                    var dictionaryEnd = pos;
                    while (dictionaryEnd > start && IsWhitespace(pdf[dictionaryEnd - 1])) dictionaryEnd--;
                    pos += "stream".Length;
                    if (pdf[pos] == '\r') pos++;
                    pos++;                                  // the line feed
                    var dataLength = StreamLength(pdf, start, dictionaryEnd);
                    stream = new StreamPart(dictionaryEnd, pos, dataLength);
                    pos += dataLength;
                    SkipWhitespace(pdf, ref pos);
                    if (!Matches(pdf, pos, "endstream"u8)) throw new InvalidDataException($"Object {number}: /Length does not end at 'endstream'.");
                    pos += "endstream".Length;
                    continue;
                }
                SkipValue(pdf, ref pos);
            }
            pos += "endobj".Length;
            while (pos < pdf.Length && (pdf[pos] == '\r' || pdf[pos] == '\n')) pos++;
            objects.Add(new PdfObjectSpan(number, start, pos, stream));
            pos = SkipToObject(pdf, pos);
        }
        return objects;
    }

    private static int StreamLength(byte[] pdf, int start, int end)
    {
        var dictionary = Encoding.Latin1.GetString(pdf, start, end - start);
        var match = System.Text.RegularExpressions.Regex.Match(dictionary, @"/Length\s+(\d+)(\s+\d+\s+R)?");
        if (!match.Success || match.Groups[2].Success) throw new InvalidDataException("Stream without a direct /Length.");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Skips one token or value: strings, hex strings, dictionaries and arrays as a whole.</summary>
    private static void SkipValue(byte[] pdf, ref int pos)
    {
        var depth = 0;
        do
        {
            SkipWhitespace(pdf, ref pos);
            var c = pdf[pos];
            if (c == '(') SkipLiteralString(pdf, ref pos);
            else if (c == '<' && pdf[pos + 1] == '<') { depth++; pos += 2; }
            else if (c == '>' && pdf[pos + 1] == '>') { depth--; pos += 2; }
            else if (c == '<') pos = Array.IndexOf(pdf, (byte)'>', pos) + 1;
            else if (c == '[') { depth++; pos++; }
            else if (c == ']') { depth--; pos++; }
            else if (c == '/') { pos++; SkipRegular(pdf, ref pos); }
            else if (c == '%') while (pdf[pos] != '\n' && pdf[pos] != '\r') pos++;
            else SkipRegular(pdf, ref pos);
        }
        while (depth > 0);
    }

    private static void SkipLiteralString(byte[] pdf, ref int pos)
    {
        var depth = 0;
        do
        {
            var c = pdf[pos++];
            if (c == '\\') pos++;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        while (depth > 0);
    }

    private static void SkipRegular(byte[] pdf, ref int pos)
    {
        while (pos < pdf.Length && !IsWhitespace(pdf[pos]) && "()<>[]{}/%"u8.IndexOf(pdf[pos]) < 0) pos++;
    }

    private static ReadOnlySpan<byte> ReadToken(byte[] pdf, ref int pos)
    {
        SkipWhitespace(pdf, ref pos);
        var start = pos;
        SkipRegular(pdf, ref pos);
        return pdf.AsSpan(start, pos - start);
    }

    /// <summary>Moves past comments and blank lines to the next "N G obj".</summary>
    private static int SkipToObject(byte[] pdf, int pos)
    {
        while (pos < pdf.Length && (pdf[pos] == '%' || IsWhitespace(pdf[pos])))
        {
            if (pdf[pos] == '%') while (pos < pdf.Length && pdf[pos] != '\n') pos++;
            else pos++;
        }
        return pos;
    }

    private static int LineStart(byte[] pdf, int pos)
    {
        // the object starts at its number: walk back over "N G obj"
        var p = pos - "obj".Length;
        for (var tokens = 0; tokens < 2; tokens++)
        {
            while (IsWhitespace(pdf[p - 1])) p--;
            while (p > 0 && !IsWhitespace(pdf[p - 1])) p--;
        }
        return p;
    }

    private static void SkipWhitespace(byte[] pdf, ref int pos)
    {
        while (pos < pdf.Length && IsWhitespace(pdf[pos])) pos++;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0 or (byte)'\f';

    private static bool Matches(byte[] pdf, int pos, ReadOnlySpan<byte> keyword) => pdf.AsSpan(pos).StartsWith(keyword);

}
