using System.Collections.Concurrent;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp demo [--once]</c>: the whole thing on one machine — an in-memory Azurite, the containers, the local
/// blob trigger, the sample workbooks dropped into 'uploads', progress stage by stage, then the site's URLs.
/// Keeps serving until Ctrl-C; <c>--once</c> exits when the samples are processed (exit 0 if all published).
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan ProcessingDeadline = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var once = args.Contains("--once");
        var unknown = args.FirstOrDefault(a => a != "--once");
        if (unknown is not null)
        {
            Console.Error.WriteLine($"fp demo: unexpected argument '{unknown}' (usage: fp demo [--once])");
            return 2;
        }
        var samplesFolder = RepositoryFiles.FindUpwards("samples");
        var samples = samplesFolder is null ? [] : Directory.GetFiles(samplesFolder, "*.xlsx").Order(StringComparer.Ordinal).ToArray();
        if (samples.Length == 0)
        {
            Console.Error.WriteLine("fp demo: no samples/*.xlsx found above the current directory. Run it from the repository.");
            return 2;
        }

        using var stop = CommandArgs.CancelOnCtrlC();
        Console.WriteLine("Starting Azurite (in memory)…");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: stop.Token);
        Console.WriteLine($"  blob endpoint {azurite.BlobEndpoint}");

        var progress = new ConsoleProgress(Console.Out);
        await using var local = LocalPipeline.Create(azurite.ConnectionString, progress);
        await local.PrepareContainersAsync(stop.Token);
        Console.WriteLine($"  containers: {local.Containers.Uploads.Name}, {local.Containers.Results.Name} (private), {local.Containers.Site.Name} (public)");

        await using var host = await LocalTriggerHost.StartAsync(azurite.ConnectionString, local.Pipeline,
            new LocalTriggerHostOptions { UploadsContainer = local.Options.UploadsContainer, WithdrawalsContainer = local.Options.WithdrawalsContainer },
            cancellationToken: stop.Token, withdrawals: local.Withdrawals);
        Console.WriteLine("Blob trigger listening on 'uploads' (WebJobs SDK; it scans every 10 s).");

        var pending = new ConcurrentDictionary<string, bool>();
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        progress.StatusRecorded += status =>
        {
            if (pending.TryRemove(status.Upload, out _) && pending.IsEmpty) allDone.TrySetResult();
        };
        var uploads = local.Containers.Uploads;
        foreach (var sample in samples) pending[Path.GetFileName(sample)] = true;
        foreach (var sample in samples)
        {
            await using var content = File.OpenRead(sample);
            await uploads.GetBlobClient(Path.GetFileName(sample)).UploadAsync(content, overwrite: true, stop.Token);
            Console.WriteLine($"Dropped {Path.GetFileName(sample)} into {uploads.Name}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        deadline.CancelAfter(ProcessingDeadline);
        try
        {
            await allDone.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            if (stop.IsCancellationRequested) return 130;
            Console.Error.WriteLine($"fp demo: not processed within {ProcessingDeadline.TotalMinutes:F0} min: {string.Join(", ", pending.Keys)}");
            return 3;
        }

        PrintSummary(local, samples.Select(Path.GetFileName).ToArray()!, progress);
        var allPublished = progress.Finished.Values.All(s => s.Outcome is UploadOutcome.Published or UploadOutcome.Unchanged);
        if (once) return allPublished ? 0 : 1;

        Console.WriteLine();
        Console.WriteLine("Serving. Drop more workbooks into 'uploads' (e.g. Azure Storage Explorer on the blob endpoint above). Ctrl-C to stop.");
        await CommandArgs.WaitForCancellationAsync(stop.Token);
        Console.WriteLine("Stopping…");
        return 0;
    }

    private static void PrintSummary(LocalPipeline local, string[] names, ConsoleProgress progress)
    {
        Console.WriteLine();
        Console.WriteLine("Site:");
        Console.WriteLine($"  index     {local.Publisher.UrlOf("index.html")}");
        Console.WriteLine($"  feed      {local.Publisher.UrlOf("feed.xml")}");
        foreach (var name in names)
        {
            var status = progress.Finished[name];
            PublishCommand.Print(status, local.Records.StatusUri(name));
        }
    }
}
