using System.Diagnostics;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// The built <c>fp</c> (src/FunctionsPipeline.Cli/bin/{Configuration}/{tfm}, same configuration as the
/// tests) run as its own process. <c>fp render</c> loads reduced fonts that cannot share a process
/// with the whole fonts other tests load (PDFsharp caches font faces by name), so it runs apart.
/// </summary>
public static class FpProcess
{
    public static string BuildOutput()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln"))) continue;
            var relative = Path.GetRelativePath(Path.Combine(dir.FullName, "tests", "FunctionsPipeline.Tests"), AppContext.BaseDirectory);   // bin/Release/net10.0/
            return Path.GetFullPath(Path.Combine(dir.FullName, "src", "FunctionsPipeline.Cli", relative));
        }
        throw new InvalidOperationException("repository root (FunctionsPipeline.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Starts <c>dotnet fp.dll args…</c> in <paramref name="workingDirectory"/> and keeps running; everything it prints is
    /// appended to <paramref name="output"/> (lock it to read). The caller stops it (e.g. <see cref="Signal"/>).
    /// </summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args, System.Text.StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(BuildOutput(), "fp.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sends a POSIX signal (15 SIGTERM, 2 SIGINT, 9 SIGKILL) to a process, as <c>kill -N</c> does.</summary>
    public static void Signal(int processId, int signal)
    {
        if (SendSignal(processId, signal) != 0) throw new InvalidOperationException($"kill -{signal} {processId} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Runs <c>dotnet {fpDll} args…</c> in <paramref name="workingDirectory"/>; the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> args, string? fpDll = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(fpDll ?? Path.Combine(BuildOutput(), "fp.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr + await stdout);
    }
}
