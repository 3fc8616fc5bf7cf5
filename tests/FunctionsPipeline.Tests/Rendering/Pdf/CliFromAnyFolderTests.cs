using System.Diagnostics;
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
        var cliOutput = CliBuildOutput();
        Assert.True(File.Exists(Path.Combine(cliOutput, "fonts", "NotoSerifSC_400Regular.ttf")), $"no fonts folder in {cliOutput}");
        var app = Path.Combine(folder, "app");
        CopyDirectory(cliOutput, app);
        var work = Directory.CreateDirectory(Path.Combine(folder, "work")).FullName;
        File.Copy(SampleFiles.PathOf("county-2024.xlsx"), Path.Combine(work, "county.xlsx"));
        Assert.Null(FindUpwards(app, "node_modules"));
        Assert.Null(FindUpwards(work, "node_modules"));

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(app, "fp.dll"), "render", "county.xlsx", "-o", "county.pdf", "--created", "2025-01-20T09:30:00+08:00" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.True(process.ExitCode == 0, $"fp render exited {process.ExitCode}: {await stderr}{await stdout}");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(work, "county.pdf"));
        Assert.Contains("政府信息公开工作年度报告", TestDocuments.Compact(pdf.GetPage(1).Text), StringComparison.Ordinal);
    }

    /// <summary>src/FunctionsPipeline.Cli/bin/{Configuration}/{tfm}: the same configuration as this test assembly.</summary>
    private static string CliBuildOutput()
    {
        var root = Path.GetDirectoryName(SampleFiles.PathOf("x"))!;   // samples/
        var repository = Path.GetDirectoryName(root)!;
        var testProject = Path.Combine(repository, "tests", "FunctionsPipeline.Tests");
        var relative = Path.GetRelativePath(testProject, AppContext.BaseDirectory);   // bin/Release/net10.0/
        return Path.GetFullPath(Path.Combine(repository, "src", "FunctionsPipeline.Cli", relative));
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
