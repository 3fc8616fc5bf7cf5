using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Layout;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Rendering.Pdf;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;
using static FunctionsPipeline.Tests.Rendering.Ofd.OfdPackage;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace FunctionsPipeline.Tests.Rendering.Ofd;

/// <summary>
/// The OFD package (GB/T 33190-2016) read back with a zip reader and an XML parser, against the
/// PDF drawn from the same layout: the package is complete and consistent, each page holds the
/// PDF page's text in order with every glyph at the same place, and the fonts hold every glyph.
/// </summary>
public sealed class OfdRendererTests
{
    private const double MillimetresPerPoint = 25.4 / 72;

    /// <summary>Both samples, and the seed with enough prose for 20 pages.</summary>
    public static TheoryData<string> Cases => ["xiji", "county", "synthetic"];

    private static readonly ConcurrentDictionary<string, Lazy<Rendered>> Renders = new();

    internal sealed record Rendered(ReportDocument Document, LaidOutReport Layout, byte[] Pdf, byte[] Ofd);

    /// <summary>One of <see cref="Cases"/> laid out once and drawn as PDF and OFD (cached; the looks tests use it too).</summary>
    internal static Rendered Render(string name) => Renders.GetOrAdd(name, n => new Lazy<Rendered>(() =>
    {
        var report = n switch
        {
            "xiji" => SampleReports.Seed,
            "county" => SampleReports.County,
            _ => PaginatedReport.SeedWith(proseLength: 19_000),
        };
        var document = DocumentBuilder.Build(report);
        var layout = Renderer.Lay(document);   // laid out once: the PDF and the OFD are drawn from it
        return new Rendered(document, layout, PdfRenderer.Render(document, layout, Published), OfdRenderer.Render(document, layout, Published));
    })).Value;

    [Fact]
    public void The_PDF_drawn_from_the_shared_layout_is_the_PDF_renderer_s_own()
    {
        var rendered = Render("xiji");
        Assert.Equal(Renderer.Render(rendered.Document, Published), rendered.Pdf);
        Assert.Equal(new OfdRenderer().Render(rendered.Document, Published), rendered.Ofd);
    }

    [Fact]
    public void The_synthetic_report_fills_at_least_20_pages_and_the_seed_package_is_under_300_KB()
    {
        Assert.InRange(Render("synthetic").Layout.Pages.Count, 20, 30);
        Assert.InRange(Render("xiji").Ofd.Length, 10_000, 300 * 1024);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_referenced_part_is_present_under_its_exact_path(string name)
    {
        var package = new OfdPackage(Render(name).Ofd);

        Assert.Equal("OFD.xml", package.EntryNames[0]);
        Assert.Equal("Doc_0/Document.xml", package.DocumentPath);
        var referenced = new List<string> { "OFD.xml", package.DocumentPath, package.PublicResPath };
        referenced.AddRange(package.PagePaths);
        referenced.AddRange(package.Fonts.Values.Select(f => f.Path));
        Assert.Equal(Render(name).Layout.Pages.Count, package.PagePaths.Count);
        foreach (var path in referenced) Assert.True(package.Entries.ContainsKey(path), $"'{path}' is referenced but not in the package (case-exact)");
        Assert.Equal(referenced.Order(StringComparer.Ordinal), package.EntryNames.Order(StringComparer.Ordinal));   // and nothing unreferenced
        Assert.All(package.XmlParts, p => Assert.Equal(OfdNs, package.Xml(p).Root!.Name.Namespace));

        var fontIds = package.Fonts.Keys.ToHashSet();
        foreach (var page in package.PagePaths)
            Assert.All(package.Xml(page).Descendants(OfdNs + "TextObject"), t => Assert.Contains(t.Attribute("Font")!.Value, fontIds));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_ID_is_unique_and_at_most_MaxUnitID(string name)
    {
        var package = new OfdPackage(Render(name).Ofd);
        var ids = package.XmlParts.SelectMany(p => package.Xml(p).Descendants().Select(e => e.Attribute("ID"))).OfType<XAttribute>()
            .Select(a => int.Parse(a.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 0));
        var maxUnitId = int.Parse(package.Document.Descendants(OfdNs + "MaxUnitID").Single().Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxUnitId >= ids.Max(), $"MaxUnitID {maxUnitId} < largest ID {ids.Max()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_page_holds_the_PDF_page_s_text_in_order_with_every_glyph_at_the_same_place(string name)
    {
        var rendered = Render(name);
        var package = new OfdPackage(rendered.Ofd);
        using var pdf = PigDocument.Open(rendered.Pdf);
        var pdfPages = pdf.GetPages().ToList();
        Assert.Equal(pdfPages.Count, package.PagePaths.Count);

        for (var p = 0; p < pdfPages.Count; p++)
        {
            var pdfPage = pdfPages[p];
            var pagePath = package.PagePaths[p];
            Assert.Equal(Compact(string.Concat(pdfPage.Letters.Select(l => l.Value))), Compact(package.PageText(pagePath)));
            Assert.EndsWith($"—{p + 1}—", Compact(package.PageText(pagePath)), StringComparison.Ordinal);   // the page number, as in the PDF

            // Glyph origins: PDF points from the bottom left, OFD millimetres from the top left.
            var letters = pdfPage.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
            var glyphs = package.Glyphs(pagePath).Where(g => !Rune.IsWhiteSpace(new Rune(g.CodePoint))).ToList();
            Assert.Equal(letters.Count, glyphs.Count);
            for (var i = 0; i < letters.Count; i++)
            {
                var x = letters[i].StartBaseLine.X * MillimetresPerPoint;
                var y = (pdfPage.Height - letters[i].StartBaseLine.Y) * MillimetresPerPoint;
                Assert.True(Math.Abs(x - glyphs[i].X) < 0.05 && Math.Abs(y - glyphs[i].Y) < 0.05,
                    $"page {p + 1}, glyph {i} '{letters[i].Value}': PDF at ({x:F3}, {y:F3}) mm, OFD at ({glyphs[i].X:F3}, {glyphs[i].Y:F3}) mm");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_table_fragment_s_rules_are_one_path_of_closed_rectangles_inside_its_boundary(string name)
    {
        var rendered = Render(name);
        var package = new OfdPackage(rendered.Ofd);
        var expected = rendered.Layout.Pages.Select(p => p.Items.OfType<Rules>().Sum(r => r.Boxes.Count)).ToList();
        for (var p = 0; p < package.PagePaths.Count; p++)
        {
            var paths = package.Xml(package.PagePaths[p]).Descendants(OfdNs + "PathObject").ToList();
            var rectangles = 0;
            foreach (var path in paths)
            {
                var boundary = Numbers(path.Attribute("Boundary")!.Value);
                var data = path.Element(OfdNs + "AbbreviatedData")!.Value.Split(' ');
                rectangles += data.Count(d => d == "C");
                var coordinates = data.Where(d => d is not ("M" or "L" or "C")).Select(Number).ToList();
                Assert.All(coordinates.Where((_, i) => i % 2 == 0), x => Assert.InRange(x, 0, boundary[2]));
                Assert.All(coordinates.Where((_, i) => i % 2 == 1), y => Assert.InRange(y, 0, boundary[3]));
                Assert.InRange(boundary[0] + boundary[2], 0, 210);
                Assert.InRange(boundary[1] + boundary[3], 0, 297);
            }
            Assert.Equal(expected[p], rectangles);
        }
        Assert.True(expected.Sum() > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_embedded_font_holds_every_character_drawn_with_it_with_the_report_font_s_outline_and_advance(string name)
    {
        var package = new OfdPackage(Render(name).Ofd);
        var files = FontLocator.Locate(new FontOptions());
        var fonts = package.Fonts;
        Assert.Equal(3, fonts.Count);
        foreach (var (id, (element, path)) in fonts)
        {
            Assert.Contains(element.Attribute("FamilyName")!.Value, new[] { "宋体", "黑体" });
            var bold = element.Attribute("Bold")?.Value == "true";
            Assert.All(package.PagePaths.SelectMany(p => package.Xml(p).Descendants(OfdNs + "TextObject")).Where(t => t.Attribute("Font")!.Value == id),
                t => Assert.Equal(bold ? "700" : null, t.Attribute("Weight")?.Value));
            var fontName = element.Attribute("FontName")!.Value;
            var original = Original(fontName switch
            {
                "Noto Serif SC" => files.SerifRegular,
                "Noto Sans SC" => files.SansRegular,
                "Noto Sans SC Bold" => files.SansBold,
                _ => throw new InvalidOperationException($"unexpected font {fontName}"),
            });
            var subset = TrueTypeFontParser.Parse(new TrueTypeDataBytes(package.Entries[path]));
            var drawn = package.PagePaths.SelectMany(package.Glyphs).Where(g => g.Font == id && !Rune.IsWhiteSpace(new Rune(g.CodePoint)))
                .Select(g => g.CodePoint).Distinct().ToList();
            Assert.NotEmpty(drawn);
            foreach (var codePoint in drawn)
            {
                var character = char.ConvertFromUtf32(codePoint);
                Assert.True(subset.TryGetBoundingBox(codePoint, out var box), $"{fontName}: no glyph for '{character}'");
                Assert.True(original.TryGetBoundingBox(codePoint, out var originalBox));
                Assert.Equal(originalBox, box);
                Assert.True(subset.TryGetAdvanceWidth(codePoint, out var advance) && original.TryGetAdvanceWidth(codePoint, out var originalAdvance) && advance == originalAdvance,
                    $"{fontName}: advance of '{character}' differs");
            }
            Assert.True(package.Entries[path].Length < new FileInfo(files.SerifRegular).Length / 10, $"{fontName}: subset of {package.Entries[path].Length} bytes");
        }
    }

    private static readonly ConcurrentDictionary<string, TrueTypeFont> Originals = new();

    private static TrueTypeFont Original(string path) =>
        Originals.GetOrAdd(path, p => TrueTypeFontParser.Parse(new TrueTypeDataBytes(File.ReadAllBytes(p))));

    [Fact]
    public void The_same_report_and_time_give_the_same_bytes_and_another_time_another_DocID()
    {
        var document = Render("county").Document;
        var first = new OfdRenderer().Render(document, Published);
        var second = new OfdRenderer().Render(document, Published);
        var later = new OfdRenderer().Render(document, Published.AddDays(1));

        Assert.Equal(first, second);
        Assert.Equal(Render("county").Ofd, first);
        var docId = new OfdPackage(first).Root.Descendants(OfdNs + "DocID").Single().Value;
        Assert.Matches("^[0-9A-F]{32}$", docId);
        Assert.NotEqual(docId, new OfdPackage(later).Root.Descendants(OfdNs + "DocID").Single().Value);
        Assert.Equal("2025-01-21", new OfdPackage(later).Root.Descendants(OfdNs + "CreationDate").Single().Value);
    }

    /// <summary>
    /// The package is written from entries compressed beforehand (font subsets stay compressed between renders): its
    /// bytes are those <see cref="System.IO.Compression.ZipArchive"/> writes for the same entries, names, order and time.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_package_is_byte_for_byte_the_one_ZipArchive_writes_for_its_entries(string name)
    {
        var ofd = Render(name).Ofd;
        using var stream = new MemoryStream();
        using (var read = new System.IO.Compression.ZipArchive(new MemoryStream(ofd), System.IO.Compression.ZipArchiveMode.Read))
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var original in read.Entries)
            {
                var entry = zip.CreateEntry(original.FullName, System.IO.Compression.CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(Published.UtcDateTime, TimeSpan.Zero);
                using var from = original.Open();
                using var to = entry.Open();
                from.CopyTo(to);
            }
        }
        Assert.Equal(stream.ToArray(), ofd);
    }

    [Fact]
    public void DocInfo_carries_the_catalogue_metadata_known_when_rendering()
    {
        CustomDatas(Render("county").Ofd, out var county);
        Assert.Equal("云岭县人民政府办公室", county["发布机构"]);
        Assert.Equal("政务公开/政府信息公开工作年度报告", county["主题分类"]);
        Assert.Equal("2024", county["报告年度"]);
        Assert.Equal(SampleReports.County.CreditCode, county["统一社会信用代码"]);
        Assert.Equal("11539999MB12345672", county["统一社会信用代码"]);

        CustomDatas(Render("xiji").Ofd, out var seed);   // no code given: no entry for it
        Assert.Equal("山亭区西集镇人民政府", seed["发布机构"]);
        Assert.False(seed.ContainsKey("统一社会信用代码"));
    }

    private static void CustomDatas(byte[] ofd, out Dictionary<string, string> data) =>
        data = new OfdPackage(ofd).Root.Descendants(OfdNs + "DocInfo").Single().Element(OfdNs + "CustomDatas")!
            .Elements(OfdNs + "CustomData").ToDictionary(e => e.Attribute("Name")!.Value, e => e.Value);

    [Fact]
    public void DocInfo_carries_the_PDF_s_metadata_and_file_identifier()
    {
        var rendered = Render("xiji");
        var info = new OfdPackage(rendered.Ofd).Root.Descendants(OfdNs + "DocInfo").Single();
        var metadata = rendered.Document.Metadata;

        Assert.Equal(metadata.Title, info.Element(OfdNs + "Title")!.Value);
        Assert.Equal(metadata.Author, info.Element(OfdNs + "Author")!.Value);
        Assert.Equal(metadata.Subject, info.Element(OfdNs + "Subject")!.Value);
        Assert.Equal(metadata.Keywords.Split(','), info.Element(OfdNs + "Keywords")!.Elements(OfdNs + "Keyword").Select(k => k.Value));
        Assert.Equal("2025-01-20", info.Element(OfdNs + "CreationDate")!.Value);   // 09:30 +08:00 is 01:30 UTC the same day
        using var pdf = PigDocument.Open(rendered.Pdf);
        var pdfId = pdf.Structure.Trailer.Identifier.OfType<UglyToad.PdfPig.Tokens.HexToken>().First();
        Assert.Equal(Convert.ToHexString(pdfId.Bytes.ToArray()), info.Element(OfdNs + "DocID")!.Value);
    }

    [Fact]
    public async Task Fp_render_writes_an_OFD_when_the_output_ends_in_ofd()
    {
        var folder = Directory.CreateTempSubdirectory("fp-render-ofd-").FullName;
        try
        {
            var workbook = Path.Combine(folder, "xiji.xlsx");
            await using (var file = File.Create(workbook)) TemplateWriter.Write(file, SampleReports.Seed);
            var output = Path.Combine(folder, "xiji.OFD");

            // fp as its own process: it loads reduced fonts, which cannot share a process with the whole ones (RenderCommandTests).
            var (exit, printed) = await FpProcess.RunAsync(folder, ["render", workbook, "-o", output, "--created", Published.ToString("O")]);

            Assert.True(exit == 0, printed);
            Assert.Equal(Render("xiji").Ofd, await File.ReadAllBytesAsync(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
