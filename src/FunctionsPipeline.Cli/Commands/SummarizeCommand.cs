using System.CommandLine;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Summary;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp summarize --year YEAR [--bodies 本级|all|FILTER] -o OUT.xlsx [--storage CONNECTION]</c>: the region's summary (汇总)
/// in the template, with its trace beside it (<c>OUT.trace.csv</c>); the work is <see cref="SummaryExport"/>'s. Exit 0 written,
/// 1 invalid input (no register, no body matches), 2 usage or an unwritable file, 3 storage unavailable. Progress (bodies read) goes to
/// stderr: a bar on a terminal, lines when redirected.
/// </summary>
internal static class SummarizeCommand
{
    public static Command Create(CliContext cli)
    {
        var year = new Option<int>("--year") { Description = "The report year (报告年度)", HelpName = "YEAR", Required = true };
        var bodies = new Option<string?>("--bodies")
        {
            Description = "Which registered bodies: all (default: every body but the 本级政府), 本级 (departments, not townships), or a name/folder filter",
            HelpName = "本级|all|FILTER",
        };
        var output = new Option<string>("--output", "-o") { Description = "The workbook to write (its trace beside it: OUT.trace.csv)", HelpName = "OUT.xlsx", Required = true };
        var storage = CommandArgs.Storage();
        var command = new Command("summarize", "Summarize (汇总) the registered bodies' published reports of YEAR into the 本级政府's tables, with their trace")
        {
            year, bodies, output, storage,
        };
        command.SetAction(parse => RunAsync(parse.GetValue(year), parse.GetValue(bodies), parse.GetValue(output)!, parse.GetValue(storage), cli.Out, cli.Error,
            TerminalProgress.ForConsole()));
        return command;
    }

    internal static async Task<int> RunAsync(int year, string? bodies, string output, string? storage, TextWriter stdout, TextWriter stderr,
        IProgress<WorkProgress>? progress)
    {
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        SummaryOutcome outcome;
        try
        {
            outcome = await local.Summaries.RunAsync(new SummaryRequest(year, bodies, output), progress, stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            stderr.WriteLine($"fp summarize: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。未写入任何文件。");
            return Fp.Failed;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"fp summarize: 无法写入“{output}”：{ex.Message}");
            return Fp.Usage;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"fp summarize: 无法写入“{output}”：{ex.Message}");
            return Fp.Usage;
        }
        (outcome.ExitCode == 0 ? stdout : stderr).WriteLine(outcome.ExitCode == 0 ? outcome.Message : $"fp summarize: {outcome.Message}");
        return outcome.ExitCode;
    }
}
