using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

/// <summary>
/// PDF/A-1b conformance checked by a validator (PDFBox Preflight), not argued. Level A's tagging is
/// checked by the structure tests in <see cref="PdfRendererTests"/>.
/// </summary>
public sealed class PdfAConformanceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fp-pdfa-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("xiji-2024.xlsx")]
    [InlineData("county-2024.xlsx")]
    public async Task The_PDF_fp_render_makes_of_a_sample_workbook_is_valid_PDF_A_1b(string sample)
    {
        var output = Path.Combine(folder, Path.ChangeExtension(sample, ".pdf"));
        var (exit, printed) = await FpProcess.RunAsync(folder, ["render", SampleFiles.PathOf(sample), "-o", output, "--created", Published.ToString("O")]);
        Assert.True(exit == 0, printed);

        await AssertValidAsync(await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task The_catalogue_metadata_in_the_PDF_keeps_it_valid_PDF_A_1b()
    {
        // The county sample has a 统一社会信用代码: a keyword in Info and XMP; the body is the XMP's dc:publisher (发布机构).
        var pdf = Renderer.Render(DocumentBuilder.Build(SampleReports.County), Published);
        using (var read = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            Assert.EndsWith(",11539999MB12345672", read.Information.Keywords);
            Assert.True(read.TryGetXmpMetadata(out var xmp));
            var xml = Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray());   // as UTF-8 (GetXDocument reads it as Latin-1)
            Assert.Contains("<rdf:li>云岭县人民政府办公室</rdf:li>", xml);
            Assert.Contains("dc:publisher", xml);
            Assert.Contains("11539999MB12345672</pdf:Keywords>", xml);
        }

        await AssertValidAsync(pdf);
    }

    [Fact]
    public async Task A_twenty_page_report_is_valid_PDF_A_1b()
    {
        var pdf = Renderer.Render(DocumentBuilder.Build(Synthetic(pages: 20)), Published);
        Assert.InRange(PageCount(pdf), 20, 40);

        await AssertValidAsync(pdf);
    }

    [Fact]
    public async Task A_report_with_every_table_at_its_largest_is_valid_PDF_A_1b()
    {
        // The widest figures the validator lets through: every count int.MaxValue, the fee with four decimals.
        const int most = int.MaxValue;
        var widest = DistinctReport with
        {
            ActiveDisclosure = new TableA(new DocumentCounts(most, most, most), new DocumentCounts(most, most, most), most, most, most, 99_999_999.9999m),
            Applications = TableB.Create((_, _) => most),
            ReviewsAndLitigation = new TableC(Review(most), Review(most), Review(most)),
        };
        var pdf = Renderer.Render(DocumentBuilder.Build(widest), Published);
        using (var read = UglyToad.PdfPig.PdfDocument.Open(pdf))
            Assert.Contains("2147483647", Compact(string.Concat(read.GetPages().Select(p => p.Text))), StringComparison.Ordinal);

        await AssertValidAsync(pdf);
    }

    [Fact]
    public void The_header_names_PDF_1_5_the_newest_version_whose_features_the_file_uses()
    {
        var raw = Encoding.Latin1.GetString(Renderer.Render(Distinct, Published));
        Assert.StartsWith("%PDF-1.5\n%", raw, StringComparison.Ordinal);
        // PDF 1.5: the table row groups and the header cells' scope (kept for screen readers).
        Assert.Contains("/S/THead", raw, StringComparison.Ordinal);
        Assert.Matches(@"/Scope\s*/Column", raw);
        // A classic xref table: no object or cross-reference streams (also PDF 1.5, and not allowed in PDF/A-1).
        Assert.DoesNotContain("/ObjStm", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/Type/XRef", raw, StringComparison.Ordinal);
        Assert.Contains("\nxref\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_rejects_a_file_that_claims_another_PDF_A_part()
    {
        // Shows the validator reads our files for real: the seed PDF with its XMP claiming part 2 (same length, offsets intact).
        var pdf = Renderer.Render(DocumentBuilder.Build(SampleReports.Seed), Published);
        var text = Encoding.Latin1.GetString(pdf);
        const string claim = "<pdfaid:part>1</pdfaid:part>";
        Assert.Contains(claim, text, StringComparison.Ordinal);
        var tampered = Encoding.Latin1.GetBytes(text.Replace(claim, "<pdfaid:part>2</pdfaid:part>", StringComparison.Ordinal));

        var result = await Preflight.ValidateAsync(tampered);

        Assert.False(result.IsValid, result.ToString());
        Assert.NotEmpty(result.Errors);
    }

    /// <summary>Fails with every error Preflight reported.</summary>
    internal static async Task AssertValidAsync(byte[] pdf)
    {
        var result = await Preflight.ValidateAsync(pdf);
        Assert.True(result.IsValid && result.Errors.Count == 0, result.ToString());
    }

    /// <summary>The county report with its prose repeated until it fills about <paramref name="pages"/> pages (as the render bench does).</summary>
    private static AnnualReport Synthetic(int pages)
    {
        var county = SampleReports.County;
        ProseSection Repeat(ProseSection section, int times) => new(Enumerable.Range(0, times).SelectMany(_ => section.Blocks).ToValueList());
        var factor = Math.Max(1, pages * 2 / 5);
        return county with
        {
            Overview = Repeat(county.Overview, factor),
            Problems = Repeat(county.Problems, factor),
            OtherMatters = Repeat(county.OtherMatters, factor),
        };
    }

    private static ReviewCounts Review(int value) => new(value, value, value, value, value);

    private static int PageCount(byte[] pdf) => Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])");
}
