using System.Diagnostics;
using System.Text.Json;

namespace FunctionsPipeline.Bench;

/// <summary>A plain Stopwatch harness: warm up, time N runs, print median and p95, collect results for JSON.</summary>
internal static class Harness
{
    public static readonly List<BenchResult> Results = [];

    public static BenchResult Measure(string name, int iterations, Action action, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            samples[i] = sw.Elapsed.TotalMilliseconds;
        }
        return Record(name, samples);
    }

    public static async Task<BenchResult> MeasureAsync(string name, int iterations, Func<Task> action, int warmup = 2)
    {
        for (var i = 0; i < warmup; i++) await action();
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            samples[i] = sw.Elapsed.TotalMilliseconds;
        }
        return Record(name, samples);
    }

    /// <summary>Records samples measured elsewhere (e.g. latencies observed by a trigger test).</summary>
    public static BenchResult Record(string name, IReadOnlyList<double> samplesMs, string unit = "ms")
    {
        var sorted = samplesMs.OrderBy(x => x).ToArray();
        var result = new BenchResult(name, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted[0], sorted[^1], unit);
        Results.Add(result);
        Console.WriteLine($"{name,-48} n={result.Count,4}  median={result.Median,10:F2} {unit}  p95={result.P95,10:F2} {unit}  min={result.Min,10:F2}  max={result.Max,10:F2}");
        return result;
    }

    /// <summary>Records a single figure (throughput, peak memory, sizes).</summary>
    public static void Figure(string name, double value, string unit)
    {
        Results.Add(new BenchResult(name, 1, value, value, value, value, unit));
        Console.WriteLine($"{name,-48} {value,10:F2} {unit}");
    }

    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static void WriteJson(string path)
    {
        var doc = new
        {
            machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            at = DateTimeOffset.UtcNow,
            results = Results,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {path}");
    }
}

internal sealed record BenchResult(string Name, int Count, double Median, double P95, double Min, double Max, string Unit);
