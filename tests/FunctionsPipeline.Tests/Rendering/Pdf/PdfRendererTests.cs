using System.IO.Compression;
using System.Xml.Linq;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using UglyToad.PdfPig.Tokens;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

public class PdfRendererTests
{
    private static readonly Lazy<byte[]> DistinctPdf = new(() => Renderer.Render(Distinct, Published));
    private static readonly Lazy<byte[]> LongTablePdf = new(() => Renderer.Render(LongTable(120), Published));

    [Fact]
    public void Every_heading_paragraph_and_table_cell_reads_back_in_order()
    {
        using var pdf = PigDocument.Open(DistinctPdf.Value);
        var text = string.Concat(pdf.GetPages().Select(BodyText));
        var position = 0;
        foreach (var expected in ExpectedTexts(Distinct))
        {
            var found = text.IndexOf(Compact(expected), position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{expected}' not found after position {position} of the extracted text");
            position = found + Compact(expected).Length;
        }
    }

    [Fact]
    public void Prints_each_number_of_table_B_in_its_own_row_and_column()
    {
        // Row 一 (新收) of table B: 2000…2006, left to right on one baseline, in the seven number columns.
        using var pdf = PigDocument.Open(DistinctPdf.Value);
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).ToList();
        var row = Enumerable.Range(0, 7).Select(c => words.Single(w => w.Text == (2000 + c).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.All(row, w => Assert.Equal(row[0].BoundingBox.Bottom, w.BoundingBox.Bottom, 1));
        Assert.Equal(row.OrderBy(w => w.BoundingBox.Left), row);
    }

    [Fact]
    public void Extracts_no_Kangxi_radicals_or_CJK_radical_supplement_characters()
    {
        using var pdf = PigDocument.Open(Renderer.Render(DocumentBuilder.Build(SampleReports.Seed), Published));
        var letters = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value).ToList();
        Assert.Contains("部", letters);   // 部 has a Kangxi twin (U+2F8F); it must come back as U+90E8
        Assert.DoesNotContain(letters, v => v.Any(c => c is >= '\u2F00' and <= '\u2FDF' or >= '\u2E80' and <= '\u2EFF'));
    }

    [Fact]
    public void Embeds_every_font_as_a_TrueType_subset()
    {
        using var pdf = PigDocument.Open(DistinctPdf.Value);
        var fontNames = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.Equal(3, fontNames.Count);
        Assert.All(fontNames, name => Assert.Matches("^[A-Z]{6}\\+Noto(Serif|Sans)SC|^[A-Z]{6}\\+Noto (Serif|Sans) SC", name));
        var raw = Encoding.Latin1.GetString(DistinctPdf.Value);
        Assert.Equal(3, Regex.Count(raw, "/FontFile2 "));
        Assert.DoesNotContain("/FontFile3", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_title_author_subject_keywords_dates_producer_and_language()
    {
        using var pdf = PigDocument.Open(DistinctPdf.Value);
        var info = pdf.Information;
        Assert.Equal("云岭县测试局2024年政府信息公开工作年度报告", info.Title);
        Assert.Equal("云岭县测试局", info.Author);
        Assert.Equal("政府信息公开工作年度报告", info.Subject);
        Assert.Equal("政府信息公开,年度报告,云岭县测试局,2024", info.Keywords);
        Assert.Equal(Published, info.GetCreatedDateTimeOffset());
        Assert.Equal(Published, info.GetModifiedDateTimeOffset());
        Assert.StartsWith("PDFsharp", info.Producer, StringComparison.Ordinal);
        var lang = Assert.IsType<StringToken>(pdf.Structure.Catalog.CatalogDictionary.Data["Lang"]);
        Assert.Equal("zh-CN", lang.Data);
    }

    [Fact]
    public void Writes_well_formed_XMP_claiming_PDF_A_1a_even_when_the_title_holds_markup_characters()
    {
        var title = "A&B<测试>报告";
        using var pdf = PigDocument.Open(Renderer.Render(WithBlocks(title, new ParagraphBlock("正文。")), Published));
        Assert.True(pdf.TryGetXmpMetadata(out var xmp));
        var xml = XDocument.Load(new MemoryStream(xmp.GetXmlBytes().ToArray()));   // as UTF-8 (GetXDocument reads it as Latin-1)
        XNamespace dc = "http://purl.org/dc/elements/1.1/", pdfaid = "http://www.aiim.org/pdfa/ns/id/";
        Assert.Equal(title, xml.Descendants(dc + "title").Single().Value);
        Assert.Equal("1", xml.Descendants(pdfaid + "part").Single().Value);
        Assert.Equal("A", xml.Descendants(pdfaid + "conformance").Single().Value);
    }

    [Fact]
    public void Numbers_every_page_in_the_official_style_at_the_foot()
    {
        using var pdf = PigDocument.Open(LongTablePdf.Value);
        Assert.True(pdf.NumberOfPages >= 3);
        foreach (var page in pdf.GetPages())
            Assert.Equal($"—{page.Number}—", FooterText(page));
    }

    [Fact]
    public void Repeats_the_header_row_on_every_page_a_table_crosses_and_loses_no_row()
    {
        using var pdf = PigDocument.Open(LongTablePdf.Value);
        var pages = pdf.GetPages().Select(BodyText).ToList();
        Assert.True(pages.Count >= 3);
        Assert.All(pages.Skip(1), text => Assert.StartsWith("序号事项名称办理数量", text, StringComparison.Ordinal));
        var all = string.Concat(pages);
        var position = 0;
        for (var i = 1; i <= 120; i++)
        {
            var row = $"{i}第{i}项测试事项{9000 + i}";
            var found = all.IndexOf(row, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"row {i} missing or out of order");
            Assert.Equal(-1, all.IndexOf(row, found + row.Length, StringComparison.Ordinal));
            position = found + row.Length;
        }
    }

    [Fact]
    public void Never_leaves_a_heading_alone_at_the_foot_of_a_page()
    {
        var headingMoved = false;
        for (var lines = 18; lines <= 30; lines++)
        {
            var filler = Enumerable.Range(1, lines).Select(i => (Block)new ParagraphBlock($"第{i}段。", FirstLineIndent: false));
            var document = WithBlocks("标题", [.. filler, new HeadingBlock(1, "二、小节标题"), new ParagraphBlock("紧随标题的正文。")]);
            using var pdf = PigDocument.Open(Renderer.Render(document, Published));
            var pages = pdf.GetPages().Select(BodyText).ToList();
            var headingPage = pages.FindIndex(t => t.Contains("二、小节标题", StringComparison.Ordinal));
            var bodyPage = pages.FindIndex(t => t.Contains("紧随标题的正文。", StringComparison.Ordinal));
            Assert.Equal(bodyPage, headingPage);
            headingMoved |= headingPage > 0 && pages[headingPage].StartsWith("二、小节标题", StringComparison.Ordinal)
                && pages[headingPage - 1].EndsWith($"第{lines}段。", StringComparison.Ordinal);
        }
        Assert.True(headingMoved, "no filler length put the heading at the foot of a page; the test covers nothing");
    }

    [Fact]
    public void Renders_the_same_document_and_time_to_identical_bytes()
    {
        var first = Renderer.Render(Distinct, Published);
        var second = Renderer.Render(DocumentBuilder.Build(TestDocuments.DistinctReport with { }), Published);
        Assert.Equal(first, second);
        Assert.NotEqual(first, Renderer.Render(Distinct, Published.AddSeconds(1)));
    }

    [Fact]
    public void Names_a_character_missing_from_the_fonts()
    {
        var document = WithBlocks("缺字测试", new ParagraphBlock("这里有一个笑脸😀，字体里没有。"));
        var error = Assert.Throws<MissingGlyphException>(() => Renderer.Render(document, Published));
        Assert.Equal(0x1F600, error.Character.Value);
        Assert.Equal("U+1F600", error.CodePoint);
        Assert.Contains("U+1F600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_font_folder_that_lacks_the_fonts()
    {
        var folder = Directory.CreateTempSubdirectory("fp-fonts-").FullName;
        try
        {
            var renderer = new PdfRenderer(new FontOptions { FontFolder = folder });
            var error = Assert.Throws<FontsNotFoundException>(() => renderer.Render(Distinct, Published));
            Assert.Contains(FontLocator.SerifRegularFile, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Refuses_OpenType_CFF_fonts()
    {
        var folder = Directory.CreateTempSubdirectory("fp-otf-").FullName;
        try
        {
            foreach (var name in new[] { FontLocator.SerifRegularFile, FontLocator.SansRegularFile, FontLocator.SansBoldFile })
                File.WriteAllBytes(Path.Combine(folder, name), [.. "OTTO"u8, .. new byte[64]]);
            var renderer = new PdfRenderer(new FontOptions { FontFolder = folder });
            var error = Assert.Throws<FontsNotFoundException>(() => renderer.Render(Distinct, Published));
            Assert.Contains("not a single TrueType font", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Keeps_the_seed_report_within_250_KB()
    {
        var pdf = Renderer.Render(DocumentBuilder.Build(SampleReports.Seed), Published);
        Assert.InRange(pdf.Length, 10_000, 250_000);
    }

    [Fact]
    public void Ends_every_compressed_stream_with_its_Adler32_checksum()
    {
        var pdf = DistinctPdf.Value;
        var streams = PdfObjectReader.Read(pdf, out _, out _).Where(o => o.Stream is not null).Select(o => o.Stream!.Value).ToList();
        Assert.NotEmpty(streams);
        foreach (var stream in streams)
        {
            var dictionary = Encoding.Latin1.GetString(pdf, stream.DictionaryEnd - 200 < 0 ? 0 : stream.DictionaryEnd - 200, Math.Min(200, stream.DictionaryEnd));
            var data = pdf.AsSpan(stream.DataStart, stream.DataLength).ToArray();
            if (!dictionary[(dictionary.LastIndexOf("obj", StringComparison.Ordinal) + 3)..].Contains("/FlateDecode", StringComparison.Ordinal)) continue;
            using var inflate = new DeflateStream(new MemoryStream(data, 2, data.Length - 2), CompressionMode.Decompress);
            using var decoded = new MemoryStream();
            inflate.CopyTo(decoded);
            Assert.Equal(PdfFinisher.Adler32(decoded.ToArray()), data[^4..]);
        }
    }

    [Fact]
    public void Tags_headings_paragraphs_and_table_cells_with_their_spans()
    {
        var raw = Encoding.Latin1.GetString(DistinctPdf.Value);
        Assert.Contains("/StructTreeRoot", raw, StringComparison.Ordinal);
        Assert.Contains("/Marked true", raw, StringComparison.Ordinal);
        foreach (var tag in new[] { "/H1", "/H2", "/H3", "/P", "/Table", "/THead", "/TBody", "/TR", "/TH", "/TD" })
            Assert.Contains(tag, raw, StringComparison.Ordinal);
        Assert.Matches(@"/RowSpan 22\b", raw);   // 三、本年度办理结果 over its 22 rows
        Assert.Matches(@"/RowSpan 8\b", raw);    // （三）不予公开
        Assert.Matches(@"/ColSpan 5\b", raw);    // 法人或其他组织
        Assert.Matches(@"/Scope\s*/Column", raw);
        Assert.All(ContentStreams(DistinctPdf.Value), content => Assert.Contains("/Artifact BMC", content, StringComparison.Ordinal));   // borders, page numbers
    }

    [Fact]
    public void Nests_marked_content_and_text_objects_properly()
    {
        var pdf = LongTablePdf.Value;
        foreach (var content in ContentStreams(pdf))
        {
            var open = new Stack<string>();
            foreach (var op in Regex.Matches(content, @"(?<![\w/])(BT|ET|BDC|BMC|EMC)(?!\w)").Select(m => m.Value))
            {
                if (op is "BT") open.Push("text");
                else if (op is "BDC" or "BMC") open.Push("marked");
                else Assert.Equal(op == "ET" ? "text" : "marked", open.Count > 0 ? open.Pop() : "nothing");
            }
            Assert.Empty(open);
        }
    }

    /// <summary>Decoded page content streams (those with text operators).</summary>
    private static IEnumerable<string> ContentStreams(byte[] pdf)
    {
        foreach (var obj in PdfObjectReader.Read(pdf, out _, out _).Where(o => o.Stream is not null))
        {
            var s = obj.Stream!.Value;
            var dictionary = Encoding.Latin1.GetString(pdf, obj.Start, s.DictionaryEnd - obj.Start);
            if (dictionary.Contains("/Length1", StringComparison.Ordinal) || dictionary.Contains("/Type", StringComparison.Ordinal) || dictionary.Contains("/N 3", StringComparison.Ordinal)) continue;
            using var inflate = new DeflateStream(new MemoryStream(pdf, s.DataStart + 2, s.DataLength - 2), CompressionMode.Decompress);
            using var reader = new StreamReader(inflate, Encoding.Latin1);
            var text = reader.ReadToEnd();
            if (text.Contains(" Tf", StringComparison.Ordinal)) yield return text;
        }
    }

    /// <summary>The texts of a document in reading order: title, headings, paragraphs, table cells row by row.</summary>
    private static IEnumerable<string> ExpectedTexts(ReportDocument document) =>
        document.Blocks.SelectMany(block => block switch
        {
            TitleBlock t => [t.Text],
            HeadingBlock h => [h.Text],
            ParagraphBlock p => [p.Text],
            TableBlock t => t.Rows.SelectMany(r => r.Cells).Select(c => c.Text),
            _ => Array.Empty<string>(),
        });
}
