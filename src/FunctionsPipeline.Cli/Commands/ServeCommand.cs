using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary><c>fp serve [--review] [--storage CONNECTION]</c>: the blob triggers on 'uploads', 'approvals' and 'withdrawals' under the WebJobs SDK, until Ctrl-C.</summary>
internal static class ServeCommand
{
    /// <summary>A stop (Ctrl-C, SIGTERM) ends the process within this, whatever the state of storage.</summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync(string[] args)
    {
        var review = args.Contains("--review");
        if (!CommandArgs.TryParse(args.Where(a => a != "--review").ToArray(), out var storage, out _, allowFile: false)) return 2;
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
        Console.WriteLine("Ctrl-C to stop.");
        await CommandArgs.WaitForCancellationAsync(stop.Token);
        Console.WriteLine("Stopping…");
        return 0;
    }
}
