using System.Diagnostics;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// The process's resident set: current and peak (VmRSS/VmHWM from /proc/self/status). On Linux the peak can be reset
/// (<c>echo 5 &gt; /proc/self/clear_refs</c>), so the peak while one upload was processed can be measured on its own.
/// Elsewhere falls back to <see cref="Process.PeakWorkingSet64"/> (a lifetime peak).
/// </summary>
internal static class ProcessMemory
{
    private const string Status = "/proc/self/status";

    public static bool CanResetPeak { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    public static void ResetPeak()
    {
        if (!CanResetPeak) return;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static long PeakRssBytes() => ReadKb("VmHWM:") is { } kb ? kb * 1024 : Process.GetCurrentProcess().PeakWorkingSet64;

    public static long CurrentRssBytes() => ReadKb("VmRSS:") is { } kb ? kb * 1024 : Process.GetCurrentProcess().WorkingSet64;

    private static long? ReadKb(string key)
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var line in File.ReadLines(Status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var digits = line[key.Length..].Trim().Split(' ')[0];
            return long.TryParse(digits, out var kb) ? kb : null;
        }
        return null;
    }

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";
}
