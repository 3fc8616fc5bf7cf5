using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp serve [--review] [--console-port N] [--storage CONNECTION]</c>: the blob triggers on 'uploads', 'approvals' and
/// 'withdrawals' under the WebJobs SDK, and the review console on loopback (default port 7080), until Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    /// <summary>A stop (Ctrl-C, SIGTERM) ends the process within this, whatever the state of storage.</summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync(string[] args)
    {
        var review = args.Contains("--review");
        var rest = args.Where(a => a != "--review").ToList();
        var consolePort = DefaultConsolePort;
        if (rest.IndexOf("--console-port") is var at and >= 0)
        {
            if (at + 1 >= rest.Count || !int.TryParse(rest[at + 1], out consolePort) || consolePort is < 0 or > 65535)
            {
                Console.Error.WriteLine("fp serve: --console-port needs a port number (0 for any free port).");
                return 2;
            }
            rest.RemoveRange(at, 2);
        }
        if (!CommandArgs.TryParse(rest.ToArray(), out var storage, out _, allowFile: false)) return 2;
        using var stop = CommandArgs.CancelOnCtrlC(exitAfter: StopDeadline);
        var progress = new ConsoleProgress(Console.Out);
        await using var local = LocalPipeline.Create(storage, progress, review: review);
        try
        {
            await local.PrepareContainersAsync(stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp serve: storage is not reachable ({StorageErrors.Summary(ex)}). Start Azurite (npx azurite) or pass --storage.");
            return 2;
        }
        // The approvals trigger runs too: with Pipeline:Publication = ReviewRequired uploads wait there for a reviewer.
        LocalTriggerHost started;
        try
        {
            started = await local.StartTriggerHostAsync(local.ConnectionString, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }
        await using var host = started;
        Console.WriteLine($"Watching {local.Containers.Uploads.Uri} (new uploads are picked up within about 10 s).");
        Console.WriteLine($"Withdrawals: {local.Containers.Withdrawals.Uri} (fp withdraw, or a {{\"body\",\"year\",\"reason\",\"by\"}} JSON blob).");
        Console.WriteLine($"Site: {local.Publisher.UrlOf("index.html")}   Status records: {local.Containers.Results.Uri}");
        Console.WriteLine($"Publication: {local.Options.Publication} (approvals: {local.Containers.Approvals.Uri})");
        await using var console = await StartConsoleAsync(local, consolePort, stop.Token);
        Console.WriteLine("Ctrl-C to stop.");
        await CommandArgs.WaitForCancellationAsync(stop.Token);
        Console.WriteLine("Stopping…");
        return 0;
    }

    public const int DefaultConsolePort = 7080;

    /// <summary>The review console, or null (said on stderr) when its port is taken: the triggers run on without it.</summary>
    internal static async Task<LocalConsoleServer?> StartConsoleAsync(LocalPipeline local, int port, CancellationToken cancellationToken)
    {
        try
        {
            var server = await local.StartConsoleAsync(port, cancellationToken);
            Console.WriteLine($"Review console: {server.Url} (development identity, unverified, loopback only)");
            return server;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"Review console not started: port {port} is not available ({ex.Message}). Use --console-port N.");
            return null;
        }
    }
}
