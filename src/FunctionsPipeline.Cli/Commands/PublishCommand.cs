using System.CommandLine;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp publish FILE [--review] [--storage CONNECTION]</c>: the whole pipeline on one file, straight to the site (no trigger);
/// with <c>--review</c> into <c>previews</c> instead (awaiting-approval; the upload name is the file's name).
/// Exit 0 published, unchanged or awaiting approval, 1 rejected, 2 bad arguments, 3 failed.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "The workbook to publish" };
        var review = new Option<bool>("--review") { Description = "Into 'previews' awaiting approval (待审核) instead of straight to the site" };
        var storage = CommandArgs.Storage();
        var command = new Command("publish", "Validate, render and publish (发布) one workbook to the site ($web); exit 1 rejected") { file, review, storage };
        command.SetAction(parse => RunAsync(parse.GetValue(file)!, parse.GetValue(review), parse.GetValue(storage)));
        return command;
    }

    private static async Task<int> RunAsync(string file, bool review, string? storage)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"fp publish: 找不到文件“{file}”。");
            return 2;
        }
        using var stop = CommandArgs.CancelOnCtrlC();
        var progress = new ConsoleProgress(Console.Out);
        await using var local = LocalPipeline.Create(storage, progress, review: review);
        UploadStatus status;
        try
        {
            await local.PrepareContainersAsync(stop.Token);
            await using var content = File.OpenRead(file);
            status = await local.Pipeline.ProcessAsync(Path.GetFileName(file), content, stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp publish: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。");
            return 3;
        }
        // The warnings themselves, not only their number: they never stop a publication, so the clerk reads them here.
        var warnings = status.Links.Any(ResultRecords.IsWarnings) ? await local.Results.ReadWarningsAsync(status.Upload, stop.Token) : [];
        Print(status, local.Records.StatusUri(status.Upload), warnings);
        return status.Outcome switch
        {
            UploadOutcome.Published or UploadOutcome.Unchanged or UploadOutcome.AwaitingApproval => 0,
            UploadOutcome.Rejected => 1,
            _ => 3,
        };
    }

    internal static void Print(UploadStatus status, Uri statusRecord, IReadOnlyList<Finding>? warnings = null)
    {
        Console.WriteLine();
        Console.WriteLine($"{status.Upload}: {ConsoleProgress.Outcome(status.Outcome)}");
        Console.WriteLine($"  {status.Message}");
        if (warnings is { Count: > 0 })
        {
            Console.WriteLine("  提示（不影响公开，请核实）：");
            for (var i = 0; i < warnings.Count; i++) Console.WriteLine($"  {i + 1,3}. [{warnings[i].Code}] {warnings[i].Text}");
        }
        foreach (var link in status.Links) Console.WriteLine($"  {link.Kind,-14} {link.Url}");
        Console.WriteLine($"  {"status",-14} {statusRecord}");
        if (status.Outcome == UploadOutcome.AwaitingApproval)
        {
            Console.WriteLine($"  decide with    fp approve {status.Upload}   |   fp reject {status.Upload} --reason 理由");
        }
    }
}
