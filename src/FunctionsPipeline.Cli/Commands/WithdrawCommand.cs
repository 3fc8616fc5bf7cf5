using System.CommandLine;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp withdraw --body NAME --year YEAR --reason TEXT [--by WHO] [--wait SECONDS] [--storage CONNECTION]</c>: writes the
/// withdrawal request to the withdrawals container, as a clerk's tool would, and prints its outcome.
/// <para>
/// Who carries it out: with <c>--wait SECONDS</c> the command first waits that long for a host watching the container
/// (<c>fp serve</c>, the Functions app) to record the outcome; without it, or when no host answered in time, it processes
/// the blob itself, in-process, with the same Core call the trigger makes. A host that picks the blob up afterwards finds
/// its outcome recorded for that blob version and does nothing; one running at the same moment repeats only idempotent
/// steps. Exit 0 withdrawn (or already withdrawn), 1 rejected, 2 bad arguments, 3 failed or storage unavailable.
/// </para>
/// </summary>
internal static class WithdrawCommand
{
    public static Command Create(CliContext cli)
    {
        var body = new Option<string>("--body") { Description = "The body (编制主体) as on the report", HelpName = "NAME", Required = true };
        var year = new Option<int>("--year") { Description = "The report year (报告年度)", HelpName = "YEAR", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (撤回理由), printed in the 撤回公告", HelpName = "TEXT", Required = true };
        var by = CommandArgs.By();
        var wait = CommandArgs.Wait(0);
        var storage = CommandArgs.Storage();
        var command = new Command("withdraw", "Withdraw (撤回) a published report: 撤回公告, files to the archive, listings marked")
        {
            body, year, reason, by, wait, storage,
        };
        command.SetAction(parse => RunAsync(parse.GetValue(body)!, parse.GetValue(year), parse.GetValue(reason)!, parse.GetValue(by),
            TimeSpan.FromSeconds(parse.GetValue(wait)), parse.GetValue(storage)));
        return command;
    }

    private static async Task<int> RunAsync(string body, int year, string reason, string? by, TimeSpan wait, string? storage)
    {
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        var withdrawals = local.Withdrawals;
        var name = string.Create(CultureInfo.InvariantCulture, $"{SiteSlug.ForBody(body)}-{year}-{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}.json");
        WithdrawalStatus? status = null;
        try
        {
            await local.Containers.Withdrawals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: stop.Token);
            var blob = local.Containers.Withdrawals.GetBlobClient(name);
            var request = new WithdrawalRequest(body, year, reason, by);
            var written = await blob.UploadAsync(new BinaryData(request.ToJson()), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, stop.Token);
            Console.WriteLine($"Wrote {blob.Uri}");
            var eTag = written.Value.ETag.ToString();
            if (wait > TimeSpan.Zero)
            {
                Console.WriteLine($"Waiting up to {wait.TotalSeconds:F0} s for a host to process it…");
                var until = DateTime.UtcNow + wait;
                while (DateTime.UtcNow < until && !((status = await withdrawals.GetStatusAsync(name, stop.Token))?.IsFinalFor(eTag) ?? false))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
                }
                if (status is not null && !status.IsFinalFor(eTag)) status = null;
            }
            if (status is null)
            {
                if (wait > TimeSpan.Zero) Console.WriteLine("No host answered; processing it here.");
                status = await withdrawals.ProcessAsync(name, blob, stop.Token);
            }
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp withdraw: 存储服务不可用或无权限（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串；" +
                                    "在 Azure 中无权写入网站时，请用 --wait 等待函数应用处理。");
            return 3;
        }
        Print(status, withdrawals.StatusUri(name));
        return status.Outcome switch
        {
            WithdrawalOutcome.Withdrawn or WithdrawalOutcome.Unchanged => 0,
            WithdrawalOutcome.Rejected => 1,
            _ => 3,
        };
    }

    private static void Print(WithdrawalStatus status, Uri statusRecord)
    {
        Console.WriteLine();
        Console.WriteLine($"{status.Withdrawal}: {status.Outcome.ToString().ToLowerInvariant()}{(status.Code is null ? "" : $" ({status.Code})")}");
        Console.WriteLine($"  {status.Message}");
        if (status.Versions.Count > 0) Console.WriteLine($"  versions       {string.Join(", ", status.Versions.Select(v => $"v{v}"))}");
        foreach (var file in status.Archived) Console.WriteLine($"  archived       {file}");
        foreach (var link in status.Links) Console.WriteLine($"  {link.Kind,-14} {link.Url}");
        Console.WriteLine($"  {"status",-14} {statusRecord}");
    }
}
