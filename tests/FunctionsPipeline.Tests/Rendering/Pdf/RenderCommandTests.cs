using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsPipeline.Tests.Rendering.Pdf.TestDocuments;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fp-render-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Renders_a_valid_workbook_to_the_same_PDF_as_the_renderer()
    {
        var workbook = Path.Combine(folder, "xiji.xlsx");
        await using (var file = File.Create(workbook)) TemplateWriter.Write(file, SampleReports.Seed);
        var output = Path.Combine(folder, "xiji.pdf");

        var exit = await RenderCommand.RunAsync([workbook, "-o", output, "--created", Published.ToString("O")]);

        Assert.Equal(0, exit);
        Assert.Equal(Renderer.Render(DocumentBuilder.Build(SampleReports.Seed), Published), await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Renders_nothing_for_a_file_that_is_not_a_valid_workbook()
    {
        var workbook = Path.Combine(folder, "broken.xlsx");
        await File.WriteAllTextAsync(workbook, "not a spreadsheet");
        var output = Path.Combine(folder, "broken.pdf");

        var exit = await RenderCommand.RunAsync([workbook, "-o", output]);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_character_the_fonts_lack_is_reported_with_the_pipelines_code_at_its_cell_and_renders_nothing()
    {
        var workbook = Path.Combine(folder, "emoji.xlsx");
        await File.WriteAllBytesAsync(workbook, Workbook.WorkbookFactory.From(SampleReports.County)
            .Set(Core.Model.ReportFields.Problems, "本年度工作有待改进😀。").ToBytes());
        var output = Path.Combine(folder, "emoji.pdf");
        using var stderr = new StringWriter();

        var exit = await RenderCommand.RunAsync([workbook, "-o", output], TextWriter.Null, stderr);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
        Assert.Contains($"错误 GLYPH_MISSING {Workbook.WorkbookFactory.LocationOf(Core.Model.ReportFields.Problems)}：字符“😀”（U+1F600）", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("MISSING_GLYPH", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_command_line_without_an_output_file()
    {
        Assert.Equal(2, await RenderCommand.RunAsync(["some.xlsx"]));
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
