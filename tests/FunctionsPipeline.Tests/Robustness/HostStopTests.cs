using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// `fp serve` and `fp demo` as an operator stops them: SIGTERM (docker stop, systemd, <c>timeout</c>), whatever the state of
/// storage. The real built <c>fp</c> runs as its own process.
/// </summary>
[Collection(RobustnessFaultsCollection.Name)]
public sealed partial class HostStopTests(ITestOutputHelper output)
{
    private const int SigTerm = 15;

    /// <summary>The issue's limit: a host told to stop is gone within this, storage up or down.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Serve_exits_within_seconds_of_SIGTERM_while_storage_is_down()
    {
        var azurite = await AzuriteProcess.StartAsync();
        var printed = new StringBuilder();
        using var serve = FpProcess.Start(Path.GetTempPath(), ["serve", "--storage", azurite.ConnectionString], printed);
        try
        {
            Assert.True(await Polling.UntilAsync(() => { lock (printed) return printed.ToString().Contains("Ctrl-C to stop.", StringComparison.Ordinal); },
                TimeSpan.FromMinutes(1)), $"fp serve did not start: {Printed(printed)}");
            // Storage goes away under the running host, which then keeps meeting it unreachable.
            await azurite.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(serve.HasExited, $"fp serve ended by itself when storage went down: {Printed(printed)}");

            var stopping = Stopwatch.StartNew();
            FpProcess.Signal(serve.Id, SigTerm);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await serve.WaitForExitAsync(limit.Token);
            output.WriteLine($"fp serve exited {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM with storage down (exit code {serve.ExitCode})");
            Assert.True(stopping.Elapsed < StopLimit, $"fp serve took {stopping.Elapsed.TotalSeconds:F1} s to exit after SIGTERM: {Printed(printed)}");
            Assert.True(serve.ExitCode is 0 or 130 or 143, $"fp serve exited with {serve.ExitCode}: {Printed(printed)}");
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Demo_stopped_by_SIGTERM_leaves_no_Azurite_running()
    {
        var printed = new StringBuilder();
        var repository = Infra.CompiledTemplate.FindRepositoryRoot();
        using var demo = FpProcess.Start(repository, ["demo"], printed);
        int? blobPort = null;
        try
        {
            // Stopped while it works: its samples dropped, the host processing them.
            Assert.True(await Polling.UntilAsync(() =>
            {
                lock (printed)
                {
                    var text = printed.ToString();
                    if (BlobEndpoint().Match(text) is { Success: true } match) blobPort = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    return text.Contains("Dropped ", StringComparison.Ordinal);
                }
            }, TimeSpan.FromMinutes(2)), $"fp demo did not drop its samples: {Printed(printed)}");
            Assert.NotNull(blobPort);
            Assert.True(AzuriteRunsOn(blobPort.Value), "the demo's Azurite is not where the demo said it is");

            var stopping = Stopwatch.StartNew();
            FpProcess.Signal(demo.Id, SigTerm);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await demo.WaitForExitAsync(limit.Token);
            var exited = stopping.Elapsed;
            // The Azurite it started is gone: no process with its port, nothing listening there.
            await Polling.UntilAsync(() => !AzuriteRunsOn(blobPort.Value) && !Listening(blobPort.Value), TimeSpan.FromSeconds(5));
            output.WriteLine($"fp demo exited {exited.TotalSeconds:F1} s after SIGTERM (exit code {demo.ExitCode}); Azurite on {blobPort} gone: {!AzuriteRunsOn(blobPort.Value)}");
            Assert.True(exited < StopLimit, $"fp demo took {exited.TotalSeconds:F1} s to exit after SIGTERM: {Printed(printed)}");
            // Stopped, not crashed (an unhandled exception aborts with 134 and skips the process-exit hooks).
            Assert.True(demo.ExitCode is 0 or 130 or 143, $"fp demo exited with {demo.ExitCode}: {Printed(printed)}");
            Assert.False(AzuriteRunsOn(blobPort.Value), $"fp demo left its Azurite (blob port {blobPort}) running");
            Assert.False(Listening(blobPort.Value), $"something still listens on the demo's blob port {blobPort}");
        }
        finally
        {
            if (!demo.HasExited) demo.Kill(entireProcessTree: true);
            if (blobPort is { } port) KillAzuriteOn(port);
        }
    }

    /// <summary>Whether an Azurite process with this blob port in its command line runs (read from /proc).</summary>
    private static bool AzuriteRunsOn(int blobPort) => AzuritePids(blobPort).Any();

    private static IEnumerable<int> AzuritePids(int blobPort)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var at = Array.IndexOf(args, "--blobPort");
            if (args.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal)) && at >= 0 && at + 1 < args.Length &&
                args[at + 1] == blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return pid;
            }
        }
    }

    private static void KillAzuriteOn(int blobPort)
    {
        foreach (var pid in AzuritePids(blobPort).ToList())
        {
            try
            {
                FpProcess.Signal(pid, 9);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Printed(StringBuilder printed)
    {
        lock (printed) return printed.ToString();
    }

    [GeneratedRegex(@"blob endpoint http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex BlobEndpoint();
}
