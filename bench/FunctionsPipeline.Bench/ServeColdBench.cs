using System.Diagnostics;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Cold start of the trigger host to the first blob processed: a new in-memory Azurite per run holds one upload (the
/// seed report) before <c>fp serve</c> starts; the clock runs from the process start to the moment the upload's status
/// record says <c>published</c> (polled every 20 ms), and to the host's "Watching" line on stdout (host started). The
/// same WebJobs SDK BlobTrigger, pipeline and Azurite as <c>fp serve</c>; not the Azure Functions host (<c>func</c>, not
/// installable here), whose worker start adds its own process and gRPC channel. In turns: the ReadyToRun publish
/// (<see cref="ColdBench"/> publishes it, or FP_COLD_FP) and the plain JIT build. Runs: FP_SERVE_COLD_RUNS (default 3) each.
/// </summary>
internal static class ServeColdBench
{
    private const string Upload = "cold-start.xlsx";

    public static async Task RunAsync(string readyToRunFp, string jitBuild)
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("FP_SERVE_COLD_RUNS"), out var n) && n > 0 ? n : 3;
        var commands = new List<(string Name, string File, string[] Args)>
        {
            ("fp serve (ReadyToRun publish)", readyToRunFp, []),
            ("fp serve (dotnet fp.dll, JIT build)", "dotnet", [jitBuild]),
        };
        var toPublished = commands.ToDictionary(c => c.Name, _ => new List<double>());
        var toWatching = commands.ToDictionary(c => c.Name, _ => new List<double>());
        var stages = commands.ToDictionary(c => c.Name, _ => new List<double>());
        var byStage = commands.ToDictionary(c => c.Name, _ => new Dictionary<string, List<double>>());
        for (var i = 0; i < runs; i++)
        {
            foreach (var command in commands)
            {
                var (watching, published, timings) = await OnceAsync(command.File, command.Args);
                toPublished[command.Name].Add(published);
                // The record's "total" stage when it has one (the stages and the time between them), else the stages' sum.
                stages[command.Name].Add(timings.FirstOrDefault(t => t.Stage == "total")?.Milliseconds ?? timings.Sum(t => t.Milliseconds));
                foreach (var t in timings)
                {
                    if (!byStage[command.Name].TryGetValue(t.Stage, out var list)) byStage[command.Name][t.Stage] = list = [];
                    list.Add(t.Milliseconds);
                }
                if (watching is { } w) toWatching[command.Name].Add(w);
            }
        }
        foreach (var command in commands)
        {
            Harness.Record($"cold: {command.Name} start → first upload published", toPublished[command.Name]);
            if (toWatching[command.Name].Count > 0) Harness.Record($"cold: {command.Name} start → host watching", toWatching[command.Name]);
            Harness.Record($"cold: {command.Name} first upload's processing (check … publish)", stages[command.Name]);
            foreach (var (stage, values) in byStage[command.Name]) Harness.Record($"cold: {command.Name} first upload's {stage}", values);
        }
    }

    /// <summary>
    /// One cold start on a fresh Azurite holding the upload; milliseconds to "Watching" (null if not printed), to published,
    /// and the upload's stage timings from its status record (the first, cold invocation's own work).
    /// </summary>
    private static async Task<(double? Watching, double Published, IReadOnlyList<StageTiming> Stages)> OnceAsync(string file, string[] prefix)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using (var setup = LocalPipeline.Create(azurite.ConnectionString))
        {
            await setup.PrepareContainersAsync();
            using var workbook = new MemoryStream();
            TemplateWriter.Write(workbook, SampleReports.Seed);
            await setup.Storage.GetBlobContainerClient(setup.Options.UploadsContainer).GetBlobClient(Upload).UploadAsync(new BinaryData(workbook.ToArray()));
        }
        await using var reader = LocalPipeline.Create(azurite.ConnectionString);

        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in prefix.Concat(["serve", "--storage", azurite.ConnectionString, "--console-port", "0"])) start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        double? watching = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (watching is null && e.Data?.StartsWith("Watching", StringComparison.Ordinal) == true) watching = clock.Elapsed.TotalMilliseconds;
        };
        var stderr = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            var until = TimeSpan.FromMinutes(2);
            while (true)
            {
                if (await reader.Records.GetAsync(Upload) is { Outcome: UploadOutcome.Published } status)
                    return (watching, clock.Elapsed.TotalMilliseconds, status.Timings);
                if (process.HasExited) throw new InvalidOperationException($"fp serve exited ({process.ExitCode}): {await stderr}");
                if (clock.Elapsed > until) throw new TimeoutException("the upload was not published within 2 minutes");
                await Task.Delay(20);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                _ = SendSigterm(process.Id);   // the CLI stops within seconds of SIGTERM (ServeCommand.StopDeadline)
                if (!process.WaitForExit(TimeSpan.FromSeconds(15))) process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int SendSigterm(int pid) => Kill(pid, 15);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
