using System.CommandLine;
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

    public static Command Create(CliContext cli)
    {
        var review = new Option<bool>("--review") { Description = "Uploads wait in 'previews' for approval (审核后发布)" };
        var consolePort = new Option<int>("--console-port")
        {
            Description = $"Port of the review console on loopback (审核台; default {DefaultConsolePort}, 0 = any free port)",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultConsolePort,
        };
        consolePort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535) result.AddError("--console-port needs a port number (0 for any free port).");
        });
        var storage = CommandArgs.Storage();
        var command = new Command("serve", "Run the blob triggers on uploads, approvals and withdrawals, and the review console, until Ctrl-C")
        {
            review, consolePort, storage,
        };
        command.SetAction(parse => RunAsync(parse.GetValue(review), parse.GetValue(consolePort), parse.GetValue(storage)));
        return command;
    }

    private static async Task<int> RunAsync(bool review, int consolePort, string? storage)
    {
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
            return Fp.Failed;
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
        Console.WriteLine("Storage:");
        StorageHints.PrintStorage(Console.Out, local.ConnectionString, local.Inventory);
        Console.WriteLine("Drop a workbook into its body's folder (上传到本机关的文件夹):");
        Console.WriteLine($"  {StorageHints.AzUpload(local.ConnectionString, local.Containers.Uploads.Name, "FOLDER/report.xlsx", "report.xlsx")}");
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
