using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp ledger --year YEAR [--json] [--storage CONNECTION]</c>: every registered body's annual report for the year — 未提交,
/// 待审核, 已退回, 已发布（按时 / 逾期 N 天）, 已撤回 — with its deadline, publication date and current version's page, most
/// urgent first; bodies that have left the register are listed last. Exit 0, 1 no register loaded, 2 bad arguments,
/// 3 storage unavailable.
/// </summary>
internal static class LedgerCommand
{
    public static Command Create(CliContext cli)
    {
        var year = new Option<int>("--year") { Description = "The report year (报告年度)", HelpName = "YEAR", Required = true };
        var json = CommandArgs.Json("Print the ledger as JSON");
        var storage = CommandArgs.Storage();
        var command = new Command("ledger", "Every registered body's report for YEAR (发布情况台账): 未提交/待审核/已退回/已发布（按时/逾期）/已撤回")
        {
            year, json, storage,
        };
        command.SetAction(parse => RunAsync(parse.GetValue(year), parse.GetValue(json), parse.GetValue(storage), cli.Out, cli.Error));
        return command;
    }

    private static async Task<int> RunAsync(int year, bool json, string? storage, TextWriter stdout, TextWriter stderr)
    {
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        LedgerView? view;
        try
        {
            view = await local.Ledger.ReadAsync(year, stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            stderr.WriteLine($"fp ledger: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。");
            return 3;
        }
        if (view is null)
        {
            stderr.WriteLine("fp ledger: 尚未载入编制主体名单（fp registry load FILE），没有可统计的机关。");
            return 1;
        }
        stdout.WriteLine(json ? Json(view) : Text(view));
        return 0;
    }

    internal static string Text(LedgerView view)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{view.Year} 年度报告发布情况（截至 {view.Today:yyyy-MM-dd}）：名单内 {view.Registered} 个机关，" +
                                                      $"按时发布 {view.PublishedOnTime}，逾期发布 {view.PublishedLate}，未发布 {view.NotPublished}。");
        foreach (var row in view.Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {row.Label}  {row.Body}");
            if (row.Registered is { } body) text.Append(CultureInfo.InvariantCulture, $"  [{body.Folder}，{BodyTypes.Label(body.Type)}，截止 {row.Deadline:yyyy-MM-dd}]");
            if (row.PublishedOn is { } on) text.Append(CultureInfo.InvariantCulture, $"  发布于 {on:yyyy-MM-dd}");
            if (row.Record?.Version is { } version && row.State == LedgerState.Published) text.Append(CultureInfo.InvariantCulture, $"  第 {version} 版{(row.Record.Url is { } url ? " " + url : "")}");
            text.AppendLine();
        }
        return text.ToString().TrimEnd();
    }

    internal static string Json(LedgerView view) => JsonSerializer.Serialize(new
    {
        year = view.Year,
        today = view.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        registered = view.Registered,
        publishedOnTime = view.PublishedOnTime,
        publishedLate = view.PublishedLate,
        notPublished = view.NotPublished,
        bodies = view.Rows.Select(r => new
        {
            body = r.Body,
            folder = r.Registered?.Folder,
            type = r.Registered is { } b ? BodyTypes.Label(b.Type) : null,
            deadline = r.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            state = JsonNamingPolicy.KebabCaseLower.ConvertName(r.State.ToString()),
            label = r.Label,
            daysLate = r.DaysLate,
            version = r.State == LedgerState.Published ? r.Record?.Version : null,
            url = r.State == LedgerState.Published ? r.Record?.Url : null,
            publishedOn = r.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            leftRegister = r.LeftRegister,
        }),
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
