using System.Diagnostics;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;

namespace FunctionsPipeline.Bench;

/// <summary>
/// PDF rendering: warm medians for the seed report and a synthetic ~20-page report, a cold
/// <c>fp render</c> process (start → PDF written, parse and validation included), sizes and memory;
/// the OFD beside it: the OFD alone from a finished layout (what OFD adds to a render that also
/// writes the PDF), and layout + PDF + OFD together. Targets: seed warm &lt; 50 ms, cold process &lt; 1.5 s.
/// </summary>
internal static partial class RenderBench
{
    private static readonly DateTimeOffset Created = new(2025, 1, 20, 9, 30, 0, TimeSpan.FromHours(8));

    public static Task RunAsync()
    {
        Cold(runs: 5);

        var renderer = new PdfRenderer();
        var seed = DocumentBuilder.Build(SampleReports.Seed);
        var large = DocumentBuilder.Build(Synthetic(pages: 20));

        var seedPdf = renderer.Render(seed, Created);
        var largePdf = renderer.Render(large, Created);
        Harness.Figure("render: seed PDF size", seedPdf.Length / 1024.0, "KB");
        Harness.Figure("render: seed pages", PageCount(seedPdf), "pages");
        Harness.Figure("render: synthetic PDF size", largePdf.Length / 1024.0, "KB");
        Harness.Figure("render: synthetic pages", PageCount(largePdf), "pages");

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Harness.Measure("render: seed report (warm)", 40, () => renderer.Render(seed, Created));
        Harness.Figure("render: seed CPU time per render (warm, incl. warm-up)", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 43, "ms");
        Harness.Measure("render: synthetic report (warm)", 15, () => renderer.Render(large, Created));
        // Font programs are reused between renders with the same characters (FontProgramCache): the same seed again is
        // a hit; a report with other characters is a miss, measured here by emptying the caches before each render.
        Harness.Measure("render: seed report (warm, font caches emptied)", 40, () =>
        {
            ClearFontCaches();
            renderer.Render(seed, Created);
        });

        Ofd(renderer, seed, large);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        renderer.Render(seed, Created);
        Harness.Figure("render: allocated per seed render", (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0, "MB");
        ClearFontCaches();
        before = GC.GetTotalAllocatedBytes(precise: true);
        renderer.Render(seed, Created);
        Harness.Figure("render: allocated per seed render (font caches emptied)", (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0, "MB");
        using var self = Process.GetCurrentProcess();
        Harness.Figure("render: peak working set (bench process)", self.PeakWorkingSet64 / 1048576.0, "MB");
        return Task.CompletedTask;
    }

    /// <summary>OFD time on top of the PDF: the OFD writer on a finished layout, and one layout feeding both writers.</summary>
    private static void Ofd(PdfRenderer renderer, ReportDocument seed, ReportDocument large)
    {
        var seedLayout = renderer.Lay(seed);
        var largeLayout = renderer.Lay(large);
        Harness.Figure("render: seed OFD size", OfdRenderer.Render(seed, seedLayout, Created).Length / 1024.0, "KB");
        Harness.Figure("render: synthetic OFD size", OfdRenderer.Render(large, largeLayout, Created).Length / 1024.0, "KB");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Harness.Measure("render: seed OFD from its layout (warm)", 40, () => OfdRenderer.Render(seed, seedLayout, Created));
        Harness.Figure("render: seed OFD CPU time per render (warm, incl. warm-up)", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / 43, "ms");
        Harness.Measure("render: synthetic OFD from its layout (warm)", 15, () => OfdRenderer.Render(large, largeLayout, Created));
        Harness.Measure("render: seed layout + PDF + OFD (warm)", 40, () =>
        {
            var layout = renderer.Lay(seed);
            PdfRenderer.Render(seed, layout, Created);
            OfdRenderer.Render(seed, layout, Created);
        });
        Harness.Measure("render: seed layout + PDF + OFD (warm, font caches emptied)", 40, () =>
        {
            ClearFontCaches();
            var layout = renderer.Lay(seed);
            PdfRenderer.Render(seed, layout, Created);
            OfdRenderer.Render(seed, layout, Created);
        });
    }

    private static void ClearFontCaches()
    {
        PdfFinisher.Programs.Clear();
        TrueTypeSubsetter.Subsets.Clear();
    }

    /// <summary>Spawns <c>fp render</c> on the seed workbook; times start → exit and samples the child's peak working set.</summary>
    private static void Cold(int runs)
    {
        var fp = FindUpwards(AppContext.BaseDirectory, "fp.dll", "fp.runtimeconfig.json");
        var workbook = FindUpwards(Directory.GetCurrentDirectory(), Path.Combine("samples", "xiji-2024.xlsx"))
            ?? FindUpwards(AppContext.BaseDirectory, Path.Combine("samples", "xiji-2024.xlsx"));
        if (fp is null || workbook is null)
        {
            Console.WriteLine("  cold: fp.dll or samples/xiji-2024.xlsx not found, skipped");
            return;
        }
        var output = Path.Combine(Path.GetTempPath(), $"fp-render-bench-{Environment.ProcessId}.pdf");
        var times = new List<double>();
        long peak = 0;
        for (var i = 0; i < runs; i++)
        {
            File.Delete(output);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { fp, "render", workbook, "-o", output, "--created", "2025-01-20T09:30:00+08:00" }) start.ArgumentList.Add(arg);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            long runPeak = 0;
            while (!process.WaitForExit(5))
            {
                try
                {
                    process.Refresh();
                    runPeak = Math.Max(runPeak, process.PeakWorkingSet64);
                }
                catch (InvalidOperationException)
                {
                    // exited between the wait and the refresh
                }
            }
            watch.Stop();
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                Console.WriteLine($"  cold: fp render failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
                return;
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            peak = Math.Max(peak, runPeak);
        }
        File.Delete(output);
        Harness.Record("render: cold fp render process (seed workbook)", times);
        Harness.Figure("render: cold process peak working set", peak / 1048576.0, "MB");
    }

    /// <summary>The county report with its prose repeated until it fills about <paramref name="pages"/> pages.</summary>
    internal static AnnualReport Synthetic(int pages)
    {
        var county = SampleReports.County;
        ProseSection Repeat(ProseSection section, int times) =>
            new(Enumerable.Range(0, times).SelectMany(_ => section.Blocks).ToValueList());
        var factor = Math.Max(1, pages * 2 / 5);   // each repetition adds about 2.5 pages
        return county with
        {
            Overview = Repeat(county.Overview, factor),
            Problems = Repeat(county.Problems, factor),
            OtherMatters = Repeat(county.OtherMatters, factor),
        };
    }

    private static int PageCount(byte[] pdf) => PageObject().Count(System.Text.Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();

    private static string? FindUpwards(string start, string relative, string? alsoNeeded = null)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) && (alsoNeeded is null || File.Exists(Path.Combine(dir.FullName, alsoNeeded)))) return candidate;
        }
        return null;
    }
}
