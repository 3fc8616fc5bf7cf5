using System.Diagnostics;
using System.Globalization;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Cold start, whole process, in turns on the same workbook (samples/xiji-2024.xlsx):
/// <c>fp render</c> from a ReadyToRun publish (the suite publishes it into artifacts/cold/fp, or takes
/// FP_COLD_FP), the plain JIT build (<c>dotnet fp.dll</c>), and LibreOffice's
/// <c>soffice --headless --convert-to pdf</c> when soffice is installed. Prints median wall time and
/// peak RSS (GNU time's maximum resident set, which covers soffice's child processes) and the ratios.
/// Goal: fp at least 3× faster than LibreOffice with at most half its peak memory.
/// Runs: FP_COLD_RUNS (default 7) per command after one warm-up each (LibreOffice's warm-up creates its profile).
/// Then the trigger host's cold start to the first upload published (<see cref="ServeColdBench"/>).
/// </summary>
internal static class ColdBench
{
    private const string GnuTime = "/usr/bin/time";

    public static async Task RunAsync()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("FP_COLD_RUNS"), out var n) && n > 0 ? n : 7;
        var repository = RepositoryRoot();
        var workbook = Path.Combine(repository, "samples", "xiji-2024.xlsx");
        if (!File.Exists(GnuTime))
        {
            Console.WriteLine($"  cold: {GnuTime} not found (apt-get install -y time): it measures peak RSS across child processes; skipped");
            return;
        }
        var fp = Environment.GetEnvironmentVariable("FP_COLD_FP") ?? await PublishFpAsync(repository);
        if (fp is null) return;
        var jitBuild = Path.Combine(AppContext.BaseDirectory, "fp.dll");
        var output = Directory.CreateTempSubdirectory("fp-cold-").FullName;
        var profile = Path.Combine(output, "lo-profile");
        const string created = "2025-01-20T09:30:00+08:00";

        var commands = new List<(string Name, string File, string[] Args)>
        {
            ("fp render (ReadyToRun publish)", fp, ["render", workbook, "-o", Path.Combine(output, "fp-r2r.pdf"), "--created", created]),
            ("fp render (dotnet fp.dll, JIT build)", "dotnet", [jitBuild, "render", workbook, "-o", Path.Combine(output, "fp-jit.pdf"), "--created", created]),
        };
        var soffice = FindOnPath("soffice");
        if (soffice is null)
            Console.WriteLine("  cold: soffice not found, LibreOffice skipped (apt-get install -y libreoffice-calc-nogui to compare)");
        else
            commands.Add(("LibreOffice soffice --convert-to pdf", soffice,
                ["--headless", $"-env:UserInstallation=file://{profile}", "--convert-to", "pdf", "--outdir", Path.Combine(output, "lo"), workbook]));

        var samples = commands.ToDictionary(c => c.Name, _ => (Wall: new List<double>(), PeakKb: new List<double>()));
        try
        {
            foreach (var command in commands) await TimeAsync(command.File, command.Args);   // warm-up: page cache, LibreOffice profile
            for (var i = 0; i < runs; i++)
            {
                foreach (var command in commands)   // in turns, so load on the machine hits all alike
                {
                    var (wall, peakKb) = await TimeAsync(command.File, command.Args);
                    samples[command.Name].Wall.Add(wall);
                    samples[command.Name].PeakKb.Add(peakKb);
                }
            }
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"  cold: {e.Message}");
            return;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }

        await ServeColdBench.RunAsync(fp, jitBuild);

        foreach (var command in commands)
        {
            Harness.Record($"cold: {command.Name} wall", samples[command.Name].Wall);
            Harness.Record($"cold: {command.Name} peak RSS", samples[command.Name].PeakKb.Select(kb => kb / 1024).ToList(), "MiB");
        }
        if (soffice is not null)
        {
            var lo = commands[^1].Name;
            foreach (var fpCommand in commands.Take(2).Select(c => c.Name))
            {
                Harness.Figure($"cold: LibreOffice wall / {fpCommand} wall", Median(samples[lo].Wall) / Median(samples[fpCommand].Wall), "x");
                Harness.Figure($"cold: {fpCommand} peak RSS / LibreOffice's", Median(samples[fpCommand].PeakKb) / Median(samples[lo].PeakKb), "ratio");
            }
        }
    }

    /// <summary>The <c>cold-serve</c> suite: only the trigger host's start to the first upload published (<see cref="ServeColdBench"/>).</summary>
    public static async Task ServeAsync()
    {
        var fp = Environment.GetEnvironmentVariable("FP_COLD_FP") ?? await PublishFpAsync(RepositoryRoot());
        if (fp is not null) await ServeColdBench.RunAsync(fp, Path.Combine(AppContext.BaseDirectory, "fp.dll"));
    }

    /// <summary>Runs one command under GNU time; returns wall milliseconds and its peak RSS in KB.</summary>
    private static async Task<(double WallMs, double PeakKb)> TimeAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(GnuTime) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-f", "fp-cold-peak-kb %M", file }.Concat(args)) start.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        var report = (await stderr).Split('\n').LastOrDefault(l => l.StartsWith("fp-cold-peak-kb ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || report is null)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return (watch.Elapsed.TotalMilliseconds, double.Parse(report["fp-cold-peak-kb ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Publishes the CLI (ReadyToRun, as its project file sets for publish) into artifacts/cold/fp; returns the apphost path.</summary>
    private static async Task<string?> PublishFpAsync(string repository)
    {
        var folder = Path.Combine(repository, "artifacts", "cold", "fp");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
        foreach (var arg in new[] { "publish", Path.Combine("src", "FunctionsPipeline.Cli"), "-c", "Release", "-o", folder, "--nologo" }) start.ArgumentList.Add(arg);
        Console.WriteLine($"  cold: publishing fp (ReadyToRun) into {folder} …");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var fp = Path.Combine(folder, "fp");
        if (process.ExitCode == 0 && File.Exists(fp)) return fp;
        Console.WriteLine($"  cold: dotnet publish failed ({process.ExitCode}), skipped:\n{await stdout}{await stderr}");
        return null;
    }

    private static double Median(List<double> values) => Harness.Percentile([.. values.Order()], 0.5);

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (FunctionsPipeline.sln) not found");
    }
}
