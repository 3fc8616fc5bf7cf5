using FunctionsPipeline.Cli;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fp-render-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("seed")]
    [InlineData("county")]
    public async Task Renders_a_valid_workbook_to_the_same_PDF_as_the_renderer_with_whole_fonts(string sample)
    {
        // fp render loads only the outlines the document draws; the PDF must not differ by a byte.
        var report = sample == "seed" ? SampleReports.Seed : SampleReports.County;
        var workbook = Path.Combine(folder, sample + ".xlsx");
        await using (var file = File.Create(workbook)) TemplateWriter.Write(file, report);

        var (exit, output) = await FpProcess.RunAsync(folder, ["render", workbook, "-o", "out.pdf", "--created", Published.ToString("O")]);

        Assert.True(exit == 0, output);
        Assert.Equal(Renderer.Render(DocumentBuilder.Build(report), Published), await File.ReadAllBytesAsync(Path.Combine(folder, "out.pdf")));
    }

    [Fact]
    public void Lists_every_character_the_layout_draws_for_the_reduced_fonts()
    {
        var characters = PdfRenderer.DrawnCharacters(Distinct);
        var texts = Distinct.Blocks.SelectMany(b => b switch
        {
            TitleBlock t => [t.Text],
            HeadingBlock h => [h.Text],
            ParagraphBlock p => [p.Text],
            TableBlock t => t.Rows.SelectMany(r => r.Cells).Select(c => c.Text),
            _ => Array.Empty<string>(),
        });
        Assert.All(string.Concat(texts).EnumerateRunes(), r => Assert.Contains(r.Value, characters));
        Assert.All("— 0123456789".EnumerateRunes(), r => Assert.Contains(r.Value, characters));   // page numbers
    }

    [Fact]
    public async Task Renders_nothing_for_a_file_that_is_not_a_valid_workbook()
    {
        var workbook = Path.Combine(folder, "broken.xlsx");
        await File.WriteAllTextAsync(workbook, "not a spreadsheet");
        var output = Path.Combine(folder, "broken.pdf");

        var exit = await Fp.InvokeAsync(["render", workbook, "-o", output]);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("broken.pdf", "未生成PDF。")]
    [InlineData("broken.ofd", "未生成OFD。")]
    public async Task Says_which_kind_of_file_it_did_not_write(string outputName, string said)
    {
        var workbook = Path.Combine(folder, "broken.xlsx");
        await File.WriteAllTextAsync(workbook, "not a spreadsheet");
        var errors = new StringWriter();

        var exit = await Fp.InvokeAsync(["render", workbook, "-o", Path.Combine(folder, outputName)], new CliContext(TextWriter.Null, errors, TimeProvider.System));

        Assert.Equal(1, exit);
        Assert.EndsWith(said, errors.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_character_the_fonts_lack_is_reported_with_the_pipelines_code_at_its_cell_and_renders_nothing()
    {
        var workbook = Path.Combine(folder, "emoji.xlsx");
        await File.WriteAllBytesAsync(workbook, Workbook.WorkbookFactory.From(SampleReports.County)
            .Set(Core.Model.ReportFields.Problems, "本年度工作有待改进😀。").ToBytes());
        var output = Path.Combine(folder, "emoji.pdf");

        // Its own process: fp render's reduced fonts cannot share one with the whole fonts other tests load.
        var (exit, printed) = await FpProcess.RunAsync(folder, ["render", workbook, "-o", output]);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
        Assert.Contains($"错误 GLYPH_MISSING {Workbook.WorkbookFactory.LocationOf(Core.Model.ReportFields.Problems)}：字符“😀”（U+1F600）", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("MISSING_GLYPH", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_command_line_without_an_output_file()
    {
        Assert.Equal(2, await Fp.InvokeAsync(["render", "some.xlsx"], new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System)));
    }

    [Fact]
    public void Registers_the_renderer_with_the_font_folder_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fonts:FontFolder"] = folder }).Build();
        using var provider = new ServiceCollection().AddPdfRendering(configuration).BuildServiceProvider();
        var renderer = provider.GetRequiredService<PdfRenderer>();
        Assert.Same(renderer, provider.GetRequiredService<PdfRenderer>());
        // The empty folder from configuration is used: no fonts there.
        Assert.Throws<FontsNotFoundException>(() => renderer.Render(Distinct, Published));
    }
}
