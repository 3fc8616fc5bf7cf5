using System.Globalization;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Summary;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp summarize --year YEAR [--bodies 本级|all|FILTER] -o OUT.xlsx [--storage CONNECTION]</c>: the region's summary (汇总)
/// in the template, with its trace beside it (<c>OUT.trace.csv</c>); the work is <see cref="SummaryExport"/>'s. Exit 0 written,
/// 1 invalid input (no register, no body matches), 2 usage, 3 storage unavailable. Progress (bodies read) goes to stderr.
/// </summary>
internal static class SummarizeCommand
{
    private const string Usage = "usage: fp summarize --year YEAR [--bodies 本级|all|FILTER] -o OUT.xlsx [--storage CONNECTION]";

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        int? year = null;
        string? bodies = null, output = null, storage = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--year" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var y): year = y; i++; break;
                case "--bodies" when i + 1 < args.Length: bodies = args[++i]; break;
                case "-o" or "--output" when i + 1 < args.Length: output = args[++i]; break;
                case "--storage" or "-s" when i + 1 < args.Length: storage = args[++i]; break;
                default:
                    stderr.WriteLine($"fp summarize: unexpected argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }
        if (year is null || output is null)
        {
            stderr.WriteLine(Usage);
            return 2;
        }

        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        SummaryOutcome outcome;
        try
        {
            outcome = await local.Summaries.RunAsync(new SummaryRequest(year.Value, bodies, output), new StderrProgress(stderr), stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            stderr.WriteLine($"fp summarize: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。未写入任何文件。");
            return 3;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"fp summarize: 无法写入“{output}”：{ex.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine($"fp summarize: 无法写入“{output}”：{ex.Message}");
            return 2;
        }
        (outcome.ExitCode == 0 ? stdout : stderr).WriteLine(outcome.ExitCode == 0 ? outcome.Message : $"fp summarize: {outcome.Message}");
        return outcome.ExitCode;
    }

    /// <summary>Bodies read so far, a line at every tenth of the way (a progress bar can replace it).</summary>
    private sealed class StderrProgress(TextWriter stderr) : IProgress<SummaryProgress>
    {
        private int _lastTenth = -1;

        public void Report(SummaryProgress value)
        {
            if (value.Total == 0) return;
            var tenth = value.Done * 10 / value.Total;
            if (Interlocked.Exchange(ref _lastTenth, tenth) == tenth) return;
            stderr.WriteLine($"  已读取 {value.Done}/{value.Total} 个机关");
        }
    }
}
