using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Cli.Commands;

/// <summary><c>fp serve [--storage CONNECTION]</c>: the blob triggers on 'uploads' and 'withdrawals' under the WebJobs SDK, until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!CommandArgs.TryParse(args, out var storage, out _, allowFile: false)) return 2;
        using var stop = CommandArgs.CancelOnCtrlC();
        var progress = new ConsoleProgress(Console.Out);
        await using var local = LocalPipeline.Create(storage, progress);
        try
        {
            await local.PrepareContainersAsync(stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp serve: storage is not reachable ({StorageErrors.Summary(ex)}). Start Azurite (npx azurite) or pass --storage.");
            return 2;
        }
        await using var host = await LocalTriggerHost.StartAsync(local.ConnectionString, local.Pipeline,
            new LocalTriggerHostOptions { UploadsContainer = local.Options.UploadsContainer, WithdrawalsContainer = local.Options.WithdrawalsContainer },
            cancellationToken: stop.Token, withdrawals: local.Withdrawals);
        Console.WriteLine($"Watching {local.Containers.Uploads.Uri} (new uploads are picked up within about 10 s).");
        Console.WriteLine($"Withdrawals: {local.Containers.Withdrawals.Uri} (fp withdraw, or a {{\"body\",\"year\",\"reason\",\"by\"}} JSON blob).");
        Console.WriteLine($"Site: {local.Publisher.UrlOf("index.html")}   Status records: {local.Containers.Results.Uri}");
        Console.WriteLine("Ctrl-C to stop.");
        await CommandArgs.WaitForCancellationAsync(stop.Token);
        Console.WriteLine("Stopping…");
        return 0;
    }
}
