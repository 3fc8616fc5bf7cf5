using System.CommandLine;
using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp approve NAME [--by WHO]</c> and <c>fp reject NAME --reason TEXT [--by WHO]</c>, each with
/// <c>[--storage CONNECTION] [--wait SECONDS]</c>: writes <c>approvals/NAME.json</c> naming the current preview's version,
/// then waits for its outcome. A running host (<c>fp serve</c>, <c>fp demo</c>, the Functions app) processes it; if none
/// has within <c>--wait</c> seconds (default 20; 0 = at once), the command processes it itself with the same
/// <see cref="ApprovalProcessor"/> (a blob version is processed once: whoever comes second finds its record).
/// Exit 0 published or rejected as asked, 1 refused (see the code), 2 bad arguments, 3 failed or storage unreachable.
/// </summary>
internal static class ApproveCommand
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    public static Command Create(CliContext cli, bool approve)
    {
        var name = new Argument<string>("NAME") { Description = "The upload's name (as printed by fp publish --review)" };
        var by = CommandArgs.By();
        var reason = new Option<string>("--reason") { Description = "Why (退回理由), shown to the clerk", HelpName = "TEXT", Required = true };
        var storage = CommandArgs.Storage();
        var wait = CommandArgs.Wait((int)DefaultWait.TotalSeconds);
        var command = approve
            ? new Command("approve", "Approve (审核通过) the preview of upload NAME: its exact files are published") { name, by, storage, wait }
            : new Command("reject", "Reject (退回) the preview of upload NAME: nothing is published") { name, reason, by, storage, wait };
        command.SetAction(parse => RunAsync(approve, parse.GetValue(name)!, parse.GetValue(by), approve ? null : parse.GetValue(reason),
            parse.GetValue(storage), TimeSpan.FromSeconds(parse.GetValue(wait))));
        return command;
    }

    private static async Task<int> RunAsync(bool approve, string name, string? by, string? reason, string? storage, TimeSpan wait)
    {
        var verb = approve ? "approve" : "reject";
        if (!approve && string.IsNullOrWhiteSpace(reason))
        {
            Console.Error.WriteLine("fp reject: --reason must not be empty.");
            return Fp.Usage;
        }
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage, review: true);
        ApprovalStatus status;
        var approvalName = name + ".json";
        try
        {
            await local.PrepareContainersAsync(stop.Token);
            if (await local.Previews.GetAsync(name, stop.Token) is not var (preview, _))
            {
                Console.Error.WriteLine($"fp {verb}: {ReviewCodes.NoPreview}: 找不到上传文件“{name}”的审核预览，未写入审核意见。");
                return 1;
            }
            var approval = new Approval(approve ? Approval.Approved : Approval.Rejected, by ?? Environment.UserName, reason, preview.Version);
            var blob = local.Containers.Approvals.GetBlobClient(approvalName);
            var written = await blob.UploadAsync(BinaryData.FromString(approval.ToJson()),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, stop.Token);
            var eTag = written.Value.ETag.ToString();
            Console.WriteLine($"Wrote {blob.Uri} ({approval.Decision}, version {preview.Version[..Math.Min(12, preview.Version.Length)]}…)");

            if (wait > TimeSpan.Zero) Console.WriteLine($"Waiting up to {wait.TotalSeconds:F0} s for a host to process it…");
            status = await WaitForHostAsync(local.Approvals, approvalName, eTag, wait, stop.Token)
                     ?? await ProcessHereAsync(local.Approvals, approvalName, blob, stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp {verb}: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。");
            return 3;
        }
        Print(status, local.Approvals.RecordUri(approvalName));
        return status.Outcome switch
        {
            ApprovalOutcome.Published or ApprovalOutcome.Unchanged or ApprovalOutcome.Rejected => 0,
            ApprovalOutcome.Refused => 1,
            _ => 3,
        };
    }

    /// <summary>The approval's record once a host has processed this version of it, or null after <paramref name="wait"/>.</summary>
    internal static async Task<ApprovalStatus?> WaitForHostAsync(ApprovalProcessor approvals, string approvalName, string eTag, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait)
        {
            if (await approvals.GetStatusAsync(approvalName, cancellationToken) is { } done && done.ApprovalETag == eTag) return done;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        return null;
    }

    private static async Task<ApprovalStatus> ProcessHereAsync(ApprovalProcessor approvals, string approvalName,
        Azure.Storage.Blobs.BlobClient blob, CancellationToken cancellationToken)
    {
        Console.WriteLine("No host processed it: processing it here.");
        return await approvals.ProcessAsync(approvalName, blob, cancellationToken);
    }

    internal static void Print(ApprovalStatus status, Uri record)
    {
        Console.WriteLine();
        Console.WriteLine($"{status.Approval}: {status.Outcome.ToString().ToLowerInvariant()}{(status.Code is null ? "" : " " + status.Code)}");
        Console.WriteLine($"  {status.Message}");
        foreach (var link in status.Links) Console.WriteLine($"  {link.Kind,-16} {link.Url}");
        Console.WriteLine($"  {"record",-16} {record}");
    }
}
