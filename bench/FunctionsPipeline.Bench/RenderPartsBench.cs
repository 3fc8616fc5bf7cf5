using System.Diagnostics;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Layout;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Where a warm seed render spends its time and memory, step by step on this thread: layout, the content hash,
/// PDFsharp's drawing, PDFsharp's save, the finisher, and the OFD from the layout. Per step: this thread's CPU time
/// (CLOCK_THREAD_CPUTIME_ID, so other processes on the machine hardly move it; GC work on other threads not included,
/// the process CPU per render below includes it) and the bytes allocated on this thread (exact).
/// Runs: FP_PARTS_RUNS (default 60) after 5 warm-ups.
/// </summary>
internal static class RenderPartsBench
{
    private static readonly DateTimeOffset Created = new(2025, 1, 20, 9, 30, 0, TimeSpan.FromHours(8));

    public static Task RunAsync()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("FP_PARTS_RUNS"), out var n) && n > 0 ? n : 60;
        var renderer = new PdfRenderer();
        var seed = DocumentBuilder.Build(SampleReports.Seed);
        var steps = new[] { "layout", "content hash", "PDFsharp drawing", "PDFsharp save", "finisher", "OFD" };
        var times = steps.ToDictionary(s => s, _ => new List<double>());
        var bytes = steps.ToDictionary(s => s, _ => new List<double>());
        var totals = new List<double>();
        var totalBytes = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = -5; i < runs; i++)
        {
            var startBytes = GC.GetAllocatedBytesForCurrentThread();
            var startTime = ThreadCpuMilliseconds();
            T Step<T>(string name, Func<T> step)
            {
                var b = GC.GetAllocatedBytesForCurrentThread();
                var t = ThreadCpuMilliseconds();
                var result = step();
                if (i >= 0)
                {
                    times[name].Add(ThreadCpuMilliseconds() - t);
                    bytes[name].Add((GC.GetAllocatedBytesForCurrentThread() - b) / 1048576.0);
                }
                return result;
            }
            var layout = Step("layout", () => renderer.Lay(seed));
            var hash = Step("content hash", () => PdfRenderer.ContentHash(seed, Created));
            var document = Step("PDFsharp drawing", () => PdfRenderer.Draw(seed, layout, Created, hash));
            var (buffer, length) = Step("PDFsharp save", () => PdfRenderer.SaveOnly(document));
            Step("finisher", () => PdfFinisher.Finish(buffer, length, new XmpFields(seed.Metadata, PdfRenderer.Creator, document.Info.Producer, Created, hash)));
            Step("OFD", () => OfdRenderer.Render(seed, layout, Created));
            if (i >= 0)
            {
                totals.Add(ThreadCpuMilliseconds() - startTime);
                totalBytes.Add((GC.GetAllocatedBytesForCurrentThread() - startBytes) / 1048576.0);
            }
        }
        var cpuPerRender = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (runs + 5);
        foreach (var step in steps)
        {
            Harness.Record($"render parts: {step} (thread CPU)", times[step]);
            Harness.Figure($"render parts: {step} allocated", bytes[step].Order().ElementAt(bytes[step].Count / 2), "MB");
        }
        Harness.Record("render parts: layout + PDF + OFD (thread CPU)", totals);
        Harness.Figure("render parts: layout + PDF (thread CPU), median of the sums", PdfSums(times, runs), "ms");
        Harness.Figure("render parts: layout + PDF + OFD allocated", totalBytes.Order().ElementAt(totalBytes.Count / 2), "MB");
        Harness.Figure("render parts: process CPU per layout + PDF + OFD (GC included)", cpuPerRender, "ms");
        return Task.CompletedTask;
    }

    private static double PdfSums(Dictionary<string, List<double>> times, int runs)
    {
        var sums = Enumerable.Range(0, runs).Select(i => times["layout"][i] + times["content hash"][i] + times["PDFsharp drawing"][i] + times["PDFsharp save"][i] + times["finisher"][i]).Order().ToList();
        return sums[sums.Count / 2];
    }

    private const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID

    private static double ThreadCpuMilliseconds()
    {
        if (ClockGetTime(ThreadCpuClock, out var now) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return now.Seconds * 1000.0 + now.Nanoseconds / 1e6;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
