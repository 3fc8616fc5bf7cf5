using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

/// <summary>
/// The built <c>fp</c>, copied out of the repository (so no node_modules is found upwards) and run
/// from another folder, renders a sample: the fonts travel with the CLI's build output.
/// </summary>
public sealed class CliFromAnyFolderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fp-anywhere-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_built_fp_copied_outside_the_repository_renders_a_sample_from_another_folder()
    {
        var cliOutput = FpProcess.BuildOutput();
        Assert.True(File.Exists(Path.Combine(cliOutput, "fonts", "NotoSerifSC_400Regular.ttf")), $"no fonts folder in {cliOutput}");
        var app = Path.Combine(folder, "app");
        CopyDirectory(cliOutput, app);
        var work = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName;
        File.Copy(SampleFiles.PathOf("county-2024.xlsx"), Path.Combine(work, "county.xlsx"));
        Assert.Null(FindUpwards(app, "node_modules"));
        Assert.Null(FindUpwards(work, "node_modules"));

        var (exit, output) = await FpProcess.RunAsync(work, ["render", "county.xlsx", "-o", "county.pdf", "--created", "2025-01-20T09:30:00+08:00"], Path.Combine(app, "fp.dll"));

        Assert.True(exit == 0, $"fp render exited {exit}: {output}");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(work, "county.pdf"));
        Assert.Contains("政府信息公开工作年度报告", TestDocuments.Compact(pdf.GetPage(1).Text), StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static string? FindUpwards(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, name))) return dir.FullName;
        return null;
    }
}
