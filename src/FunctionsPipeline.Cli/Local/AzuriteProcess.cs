using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Azure.Storage.Blobs;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// An in-memory Azurite (blob, queue and table services) started from the repository's
/// node_modules on free loopback ports, and stopped by its own PID. Used by <c>fp demo</c> and the tests.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // The well-known development storage key (public, documented; Azurite accepts only this).
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringWriterLog _log;

    private AzuriteProcess(Process process, StringWriterLog log, int blobPort, int queuePort, int tablePort, string? location)
    {
        _process = process;
        _log = log;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
        // The last way out: whatever ends this process (an exception, Environment.Exit, an unhandled signal) ends Azurite
        // too, so `fp demo` never leaves one running.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (_process.HasExited) return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SendSignal(_process.Id, 9);
            else _process.Kill();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private const string SetsidPath = "/usr/bin/setsid";

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The folder Azurite keeps its data in, or null when it runs in memory.</summary>
    public string? Location { get; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");
    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Finds <c>node_modules/azurite</c> from the current directory or the app's folder upwards.</summary>
    public static string? FindAzuriteScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(script)) return script;
            }
        }
        return null;
    }

    /// <summary>Starts Azurite and waits until its blob service answers. Fixed ports may be given (0 = pick a free one).</summary>
    public static Task<AzuriteProcess> StartAsync(int blobPort = 0, int queuePort = 0, int tablePort = 0, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        StartAsync(location: null, blobPort, queuePort, tablePort, timeout, cancellationToken);

    /// <summary>
    /// Starts Azurite keeping its data in <paramref name="location"/> (<c>--location</c>) instead of in memory, so it can be
    /// stopped and started again on the same ports with its blobs and queues intact (the robustness tests' storage outage).
    /// </summary>
    public static Task<AzuriteProcess> StartPersistentAsync(string location, int blobPort = 0, int queuePort = 0, int tablePort = 0, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        Directory.CreateDirectory(location);
        return StartAsync(location, blobPort, queuePort, tablePort, timeout, cancellationToken);
    }

    private static async Task<AzuriteProcess> StartAsync(string? location, int blobPort, int queuePort, int tablePort, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var script = FindAzuriteScript() ?? throw new InvalidOperationException(
            "Azurite is not installed: node_modules/azurite was not found above the current directory. Run `npm ci` in the repository root.");
        var deadline = timeout ?? TimeSpan.FromSeconds(30);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A port picked free can be taken by someone else before Azurite binds it: retry with new ones.
            var ports = (blobPort == 0 ? FreePort() : blobPort, queuePort == 0 ? FreePort() : queuePort, tablePort == 0 ? FreePort() : tablePort);
            var azurite = Launch(script, ports.Item1, ports.Item2, ports.Item3, location);
            try
            {
                await azurite.WaitUntilReadyAsync(deadline, cancellationToken);
                return azurite;
            }
            catch (Exception ex)
            {
                last = ex;
                await azurite.DisposeAsync();
                // Stopped while starting (Ctrl-C, SIGTERM): the half-started Azurite is gone; stop here.
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            }
        }
        throw new InvalidOperationException($"Azurite did not start: {last?.Message}", last);
    }

    private static AzuriteProcess Launch(string script, int blobPort, int queuePort, int tablePort, string? location)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Ctrl-C in a terminal signals the whole process group: Azurite would stop under a host that is
        // still shutting down (fp demo). setsid gives it its own session; it execs node in place (we are
        // not a group leader), so the PID stays Azurite's and DisposeAsync still stops it by PID.
        if (!OperatingSystem.IsWindows() && File.Exists(SetsidPath))
        {
            info.FileName = SetsidPath;
            info.ArgumentList.Add("node");
        }
        foreach (var arg in new[]
                 {
                     script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(arg);
        }
        if (location is not null)
        {
            // Data on disk instead of in memory, so a stopped Azurite starts again with it.
            var at = info.ArgumentList.IndexOf("--inMemoryPersistence");
            info.ArgumentList[at] = "--location";
            info.ArgumentList.Insert(at + 1, location);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node for Azurite");
        var log = new StringWriterLog();
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AzuriteProcess(process, log, blobPort, queuePort, tablePort, location);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new BlobServiceClient(ConnectionString);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {_log}");
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                await client.GetPropertiesAsync(attempt.Token);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills Azurite at once (SIGKILL), as a crash or an out-of-memory kill would: its data on disk stays as it was.</summary>
    public async Task KillAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (_process.HasExited) return;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SendSignal(_process.Id, 9);
        else _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops Azurite by its PID: SIGTERM first (honoured thanks to --disableTelemetry), SIGKILL if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SendSignal(_process.Id, 15);
            else _process.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private sealed class StringWriterLog
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null) return;
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 50) _lines.Dequeue();
            }
        }

        public override string ToString()
        {
            lock (_lines) return string.Join(Environment.NewLine, _lines);
        }
    }
}
