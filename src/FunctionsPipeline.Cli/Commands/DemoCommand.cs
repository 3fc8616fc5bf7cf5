using System.Collections.Concurrent;
using System.CommandLine;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp demo [--once] [--review]</c>: the whole thing on one machine — an in-memory Azurite, the containers, the local
/// blob trigger, the sample workbooks dropped into 'uploads', progress stage by stage, then the site's URLs. With
/// <c>--review</c> (Pipeline:Publication = ReviewRequired) each sample first waits in 'previews': the demo prints the preview
/// links, writes an approval for it into 'approvals', and the host's approvals trigger publishes the previewed files.
/// Keeps serving until Ctrl-C; <c>--once</c> exits when the samples are processed (exit 0 if all published).
/// </summary>
internal static class DemoCommand
{
    /// <summary>A stop (Ctrl-C, SIGTERM) ends the process, and the Azurite it started, within this.</summary>
    private static readonly TimeSpan StopDeadline = ServeCommand.StopDeadline;

    private static readonly TimeSpan ProcessingDeadline = TimeSpan.FromMinutes(5);

    public static Command Create(CliContext cli)
    {
        var once = new Option<bool>("--once") { Description = "Exit when the samples are processed (exit 0 if all published)" };
        var review = new Option<bool>("--review") { Description = "Each sample waits for approval (审核), then the demo approves it" };
        var command = new Command("demo", "Start Azurite, serve, drop the samples, print the site's URLs and how to drop more (演示)") { once, review };
        command.SetAction(parse => RunAsync(parse.GetValue(once), parse.GetValue(review)));
        return command;
    }

    private static async Task<int> RunAsync(bool once, bool review)
    {
        var samplesFolder = RepositoryFiles.FindUpwards("samples");
        var samples = samplesFolder is null ? [] : Directory.GetFiles(samplesFolder, "*.xlsx").Order(StringComparer.Ordinal).ToArray();
        if (samples.Length == 0)
        {
            Console.Error.WriteLine("fp demo: no samples/*.xlsx found above the current directory. Run it from the repository.");
            return 2;
        }

        using var stop = CommandArgs.CancelOnCtrlC(exitAfter: StopDeadline);
        try
        {
            return await RunAsync(samplesFolder!, samples, once, review, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped (Ctrl-C, SIGTERM) while starting or dropping the samples: everything started is stopped on the way out.
            Console.WriteLine("Stopped.");
            return 130;
        }
    }

    private static async Task<int> RunAsync(string samplesFolder, string[] samples, bool once, bool review, CancellationTokenSource stop)
    {
        Console.WriteLine("Starting Azurite (in memory)…");
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: stop.Token);
        Console.WriteLine($"  blob endpoint {azurite.BlobEndpoint}");
        Console.WriteLine("Storage (Azurite's well-known development account, in memory, gone when the demo stops):");

        var progress = new ConsoleProgress(Console.Out);
        await using var local = LocalPipeline.Create(azurite.ConnectionString, progress, review: review);
        await local.PrepareContainersAsync(stop.Token);
        StorageHints.PrintStorage(Console.Out, azurite.ConnectionString, local.Inventory);

        // The sample register (samples/register.csv): each sample goes into its body's folder; one body never reports.
        var folders = await LoadSampleRegisterAsync(local, samplesFolder, samples, stop.Token);

        await using var host = await local.StartTriggerHostAsync(azurite.ConnectionString, stop.Token);
        Console.WriteLine($"Blob triggers listening on 'uploads', 'approvals' and 'withdrawals' (WebJobs SDK; they scan every 10 s). Publication: {local.Options.Publication}.");

        var pending = new ConcurrentDictionary<string, bool>();
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        progress.StatusRecorded += status =>
        {
            if (pending.TryRemove(status.Upload, out _) && pending.IsEmpty) allDone.TrySetResult();
        };
        var uploads = local.Containers.Uploads;
        string BlobName(string sample) => folders.TryGetValue(sample, out var folder) ? $"{folder}/{Path.GetFileName(sample)}" : Path.GetFileName(sample);
        foreach (var sample in samples) pending[BlobName(sample)] = true;
        foreach (var sample in samples)
        {
            await using var content = File.OpenRead(sample);
            await uploads.GetBlobClient(BlobName(sample)).UploadAsync(content, overwrite: true, stop.Token);
            Console.WriteLine($"Dropped {BlobName(sample)} into {uploads.Name}");
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

        var names = samples.Select(BlobName).ToArray();
        var statuses = new Dictionary<string, UploadStatus>(progress.Finished);
        if (review)
        {
            if (!await ReviewAsync(local, names, progress, deadline.Token)) return stop.IsCancellationRequested ? 130 : 3;
            // The approvals changed the uploads' statuses: read them back.
            foreach (var name in names) statuses[name] = await local.Records.GetAsync(name, stop.Token) ?? statuses[name];
        }
        PrintSummary(local, names, statuses);
        await PrintLedgerAsync(local, statuses.Values, stop.Token);
        var allPublished = statuses.Values.All(s => s.Outcome is UploadOutcome.Published or UploadOutcome.Unchanged or UploadOutcome.Superseded);
        if (once) return allPublished ? 0 : 1;

        Console.WriteLine();
        await using var console = await ServeCommand.StartConsoleAsync(local, ServeCommand.DefaultConsolePort, stop.Token);
        // A ready-to-paste upload of the first sample into its body's folder (clerks write only there once a register is loaded).
        Console.WriteLine($"Serving. Drop more workbooks into '{uploads.Name}', into the body's folder (上传到本机关的文件夹), with Azure Storage Explorer " +
                          "(the connection string above) or the az CLI, e.g.:");
        Console.WriteLine($"  {StorageHints.AzUpload(azurite.ConnectionString, uploads.Name, BlobName(samples[0]), Path.GetFullPath(samples[0]))}");
        Console.WriteLine("The blob triggers scan every 10 s; each upload's progress is printed here. Ctrl-C to stop.");
        await CommandArgs.WaitForCancellationAsync(stop.Token);
        Console.WriteLine("Stopping…");
        return 0;
    }

    /// <summary>Loads samples/register.csv when it is there; returns each sample's folder (by the body its workbook names).</summary>
    private static async Task<Dictionary<string, string>> LoadSampleRegisterAsync(LocalPipeline local, string samplesFolder, string[] samples,
        CancellationToken cancellationToken)
    {
        var file = Path.Combine(samplesFolder, "register.csv");
        if (!File.Exists(file)) return [];
        var check = await local.Register.LoadAsync(await File.ReadAllBytesAsync(file, cancellationToken), "register.csv", cancellationToken);
        if (check.Register is not { } register)
        {
            foreach (var finding in check.Errors) Console.Error.WriteLine($"fp demo: samples/register.csv: [{finding.Code}] {finding.Text}");
            return [];
        }
        Console.WriteLine($"Loaded the register samples/register.csv: {register.Bodies.Count} bodies ({string.Join("、", register.Bodies.Select(b => $"{b.Name} → {b.Folder}/"))})");
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            await using var stream = File.OpenRead(sample);
            if (Core.Workbook.WorkbookReader.Read(stream, Path.GetFileName(sample)).Workbook?[Core.Model.ReportFields.Body]?.Value is string body &&
                register.ByName(body.Trim()) is { } registered)
            {
                folders[sample] = registered.Folder;
            }
        }
        return folders;
    }

    /// <summary>The ledger of the samples' report years: who published, who is missing.</summary>
    private static async Task PrintLedgerAsync(LocalPipeline local, IEnumerable<UploadStatus> statuses, CancellationToken cancellationToken)
    {
        foreach (var year in statuses.Select(s => s.Year).OfType<int>().Distinct().Order())
        {
            if (await local.Ledger.ReadAsync(year, cancellationToken) is not { } view) return;
            Console.WriteLine();
            Console.WriteLine(LedgerCommand.Text(view));
            Console.WriteLine($"  public page: {local.Publisher.UrlOf(Core.Publishing.Pages.PublicationStatusPage.PathOf(year))}");
        }
    }

    /// <summary>
    /// The review loop: each sample now awaits approval; print its preview links, write an approval naming the preview's
    /// version, let the host's approvals trigger publish it, and print the outcome.
    /// </summary>
    private static async Task<bool> ReviewAsync(LocalPipeline local, string[] names, ConsoleProgress progress, CancellationToken cancellationToken)
    {
        // Write every approval first, then wait: the trigger picks them up in one scan.
        var written = new List<(string Name, string ETag)>();
        foreach (var name in names)
        {
            // As recorded now: a later upload of the same body and year may have superseded it in the review queue.
            var status = await local.Records.GetAsync(name, cancellationToken) ?? progress.Finished[name];
            PublishCommand.Print(status, local.Records.StatusUri(name));
            if (status.Outcome != UploadOutcome.AwaitingApproval) continue;
            if (await local.Previews.GetAsync(name, cancellationToken) is not var (preview, _)) continue;
            var approval = new Core.Review.Approval(Core.Review.Approval.Approved, "演示审核人", null, preview.Version);
            var blob = local.Containers.Approvals.GetBlobClient(name + ".json");
            var response = await blob.UploadAsync(BinaryData.FromString(approval.ToJson()), overwrite: true, cancellationToken);
            Console.WriteLine($"Approved: wrote {local.Containers.Approvals.Name}/{blob.Name} (version {preview.Version[..12]}…)");
            written.Add((blob.Name, response.Value.ETag.ToString()));
        }
        Console.WriteLine();
        Console.WriteLine("Waiting for the approvals trigger…");
        foreach (var (approvalName, eTag) in written)
        {
            var outcome = await ApproveCommand.WaitForHostAsync(local.Approvals, approvalName, eTag, ProcessingDeadline, cancellationToken);
            if (outcome is null)
            {
                Console.Error.WriteLine($"fp demo: {approvalName} was not processed within {ProcessingDeadline.TotalMinutes:F0} min");
                return false;
            }
            ApproveCommand.Print(outcome, local.Approvals.RecordUri(approvalName));
        }
        return true;
    }

    private static void PrintSummary(LocalPipeline local, string[] names, IReadOnlyDictionary<string, UploadStatus> statuses)
    {
        Console.WriteLine();
        Console.WriteLine("Site:");
        Console.WriteLine($"  index     {local.Publisher.UrlOf("index.html")}");
        Console.WriteLine($"  feed      {local.Publisher.UrlOf("feed.xml")}");
        foreach (var name in names)
        {
            PublishCommand.Print(statuses[name], local.Records.StatusUri(name));
        }
    }
}
