using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Rendering.Ofd.OfdPackage;

namespace FunctionsPipeline.Tests.Rendering.Ofd;

/// <summary>
/// The OFD looks like the PDF: each page as the ofd.js viewer draws it in headless Chromium against the same PDF page
/// drawn by pdftoppm, both at 4 px/mm (840×1188). Score per page: the share of one image's ink pixels that have ink in
/// the other within 0.5 mm (2 px), taken both ways, the smaller of the two. The fonts differ a little (ofd.js ignores
/// the embedded subsets and asks for SimSun/SimHei, which the test's fontconfig maps to the same Noto fonts from
/// node_modules; browser and poppler hint and anti-alias differently), so the tolerance allows for glyph edges, not for
/// misplaced text: a 1 mm shift fails.
/// </summary>
public sealed class OfdLooksTests(ITestOutputHelper output)
{
    /// <summary>Matching pages measured 0.99–1.00; pages of other content 0.2–0.3.</summary>
    private const double Threshold = 0.98;

    /// <summary>
    /// Ink each drawn page must have (pixels at 4 px/mm; a line of text alone has a few thousand): two blank pages would
    /// otherwise score 1.0, each having no ink away from the other's.
    /// </summary>
    private const int MinInk = 1000;

    /// <summary>0.5 mm at 4 px/mm.</summary>
    private const int Radius = 2;

    public static TheoryData<string> Cases => OfdRendererTests.Cases;

    private sealed record Images(IReadOnlyList<InkImage> Pdf, IReadOnlyList<InkImage> Ofd);

    private static readonly ConcurrentDictionary<string, Lazy<Task<Images>>> Drawn = new();

    private static Task<Images> Draw(string name) => Drawn.GetOrAdd(name, n => new Lazy<Task<Images>>(async () =>
    {
        var rendered = OfdRendererTests.Render(n);
        // poppler and Chromium are separate processes: run them side by side.
        var pdf = Task.Run(() => PageImages.FromPdfAsync(rendered.Pdf));
        var ofd = Task.Run(() => PageImages.FromOfdAsync(rendered.Ofd, rendered.Layout.Pages.Count));
        return new Images(await pdf, await ofd);
    })).Value;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_page_drawn_by_ofd_js_matches_the_PDF_page_within_half_a_millimetre(string name)
    {
        var watch = Stopwatch.StartNew();
        var images = await Draw(name);
        Assert.Equal(OfdRendererTests.Render(name).Layout.Pages.Count, images.Pdf.Count);
        Assert.Equal(images.Pdf.Count, images.Ofd.Count);
        AssertInked(name, images);

        var scores = images.Pdf.Select((pdf, i) => Score(pdf, images.Ofd[i])).ToList();
        output.WriteLine($"{name}: {images.Pdf.Count} pages in {watch.Elapsed.TotalSeconds:F1} s");
        for (var i = 0; i < scores.Count; i++) output.WriteLine($"  page {i + 1}: {scores[i]}");
        Assert.All(scores.Select((s, i) => (Score: s, Page: i + 1)), s =>
            Assert.True(s.Score.Min >= Threshold, $"{name} page {s.Page}: {s.Score} is below {Threshold}"));
    }

    [Fact]
    public async Task A_page_against_another_page_scores_far_below_the_threshold()
    {
        var images = await Draw("xiji");
        // The loop below compares every pair of neighbouring pages: it must have pages, with ink, to compare.
        Assert.Equal(OfdRendererTests.Render("xiji").Layout.Pages.Count, images.Pdf.Count);
        Assert.Equal(images.Pdf.Count, images.Ofd.Count);
        Assert.True(images.Pdf.Count >= 2, $"xiji has {images.Pdf.Count} page(s)");
        AssertInked("xiji", images);
        for (var i = 0; i + 1 < images.Pdf.Count; i++)
        {
            var score = Score(images.Pdf[i + 1], images.Ofd[i]);
            output.WriteLine($"PDF page {i + 2} against OFD page {i + 1}: {score}");
            Assert.True(score.Min < Threshold, $"PDF page {i + 2} against OFD page {i + 1}: {score}");
        }
    }

    [Fact]
    public async Task An_OFD_with_every_line_of_text_moved_1_mm_to_the_right_fails_on_every_page()
    {
        var rendered = OfdRendererTests.Render("xiji");
        var shifted = MoveText(rendered.Ofd, millimetres: 1.0);
        var pdf = (await Draw("xiji")).Pdf;
        var ofd = await PageImages.FromOfdAsync(shifted, pdf.Count);
        Assert.Equal(OfdRendererTests.Render("xiji").Layout.Pages.Count, pdf.Count);
        Assert.Equal(pdf.Count, ofd.Count);
        AssertInked("xiji moved 1 mm", new Images(pdf, ofd));
        for (var i = 0; i < pdf.Count; i++)
        {
            var score = Score(pdf[i], ofd[i]);
            output.WriteLine($"page {i + 1}, text moved 1 mm: {score}");
            Assert.True(score.Min < Threshold, $"page {i + 1} with its text moved 1 mm still scores {score}");
        }
    }

    private readonly record struct PageScore(double PdfInkNearOfd, double OfdInkNearPdf)
    {
        public double Min => Math.Min(PdfInkNearOfd, OfdInkNearPdf);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Min:F3} (PDF ink near OFD ink {PdfInkNearOfd:F3}, OFD ink near PDF ink {OfdInkNearPdf:F3})");
    }

    private static void AssertInked(string name, Images images)
    {
        for (var i = 0; i < images.Pdf.Count; i++)
        {
            Assert.True(images.Pdf[i].InkCount >= MinInk, $"{name} PDF page {i + 1} has {images.Pdf[i].InkCount} ink pixels, fewer than {MinInk}");
            Assert.True(images.Ofd[i].InkCount >= MinInk, $"{name} OFD page {i + 1} has {images.Ofd[i].InkCount} ink pixels, fewer than {MinInk}");
        }
    }

    private static PageScore Score(InkImage pdf, InkImage ofd) => new(pdf.InkNear(ofd, Radius), ofd.InkNear(pdf, Radius));

    /// <summary>The package with every TextObject's Boundary moved right: glyphs 1 mm off, rules and everything else in place.</summary>
    private static byte[] MoveText(byte[] ofd, double millimetres)
    {
        var package = new OfdPackage(ofd);
        var pages = package.PagePaths.ToHashSet(StringComparer.Ordinal);
        using var result = new MemoryStream();
        using (var zip = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in package.EntryNames)
            {
                var bytes = package.Entries[name];
                if (pages.Contains(name))
                {
                    var xml = package.Xml(name);
                    foreach (var text in xml.Descendants(OfdNs + "TextObject"))
                    {
                        var box = text.Attribute("Boundary")!.Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                        box[0] += millimetres;
                        text.SetAttributeValue("Boundary", string.Join(' ', box.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))));
                    }
                    bytes = Encoding.UTF8.GetBytes(xml.ToString(SaveOptions.DisableFormatting));
                }
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return result.ToArray();
    }
}
