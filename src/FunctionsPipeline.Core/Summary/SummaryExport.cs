using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;

using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Summary;

/// <summary>What <c>fp summarize</c> is asked: the year, the bodies (<c>本级|all|FILTER</c>) and the workbook to write.</summary>
public sealed record SummaryRequest(int Year, string? Bodies, string Output)
{
    /// <summary>The trace CSV beside the workbook: <c>OUT.xlsx</c> → <c>OUT.trace.csv</c>.</summary>
    public string TracePath => Path.ChangeExtension(Output, ".trace.csv");
}

/// <summary>The outcome: exit code (0 written, 1 invalid input, 2 usage), the Chinese message, and the summary when one was taken.</summary>
public sealed record SummaryOutcome(int ExitCode, string Message, RegionSummary? Summary = null, string? Code = null);

/// <summary>
/// <c>fp summarize</c> as one call (the command line only parses arguments and prints): read the register, take the
/// summary, write the workbook and its trace CSV. Nothing partial is written: each file goes to a temporary file in the
/// same folder and is moved into place when complete, and nothing is written at all on a refusal. Storage failures
/// propagate (the host says storage is unavailable).
/// </summary>
public sealed class SummaryExport(IRegisterSource register, SitePublisher publisher, TimeProvider time)
{
    public const int FirstYear = 2008; // 《政府信息公开条例》 took effect on 2008-05-01

    public async Task<SummaryOutcome> RunAsync(SummaryRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var thisYear = Common.ChinaTime.ToChina(time.GetUtcNow()).Year;
        if (request.Year < FirstYear || request.Year > thisYear)
        {
            return new SummaryOutcome(2, $"报告年度 {request.Year} 不在 {FirstYear}–{thisYear} 之间。");
        }
        if (!string.Equals(Path.GetExtension(request.Output), ".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return new SummaryOutcome(2, $"输出文件“{request.Output}”须为 .xlsx 工作簿。");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(request.Output))!;
        if (!Directory.Exists(folder)) return new SummaryOutcome(2, $"输出文件夹“{folder}”不存在。");

        var (outcome, contact) = await TakeAsync(request.Year, request.Bodies, progress, cancellationToken);
        if (outcome.Summary is not { } summary) return outcome;
        WriteAtomically((request.Output, stream => SummaryWorkbook.Write(stream, summary, contact)),
            (request.TracePath, stream => SummaryWorkbook.WriteTraceCsv(stream, summary)));
        return outcome with { Message = Describe(summary, request) };
    }

    /// <summary>
    /// The summary workbook in memory (the review console's download), or the refusal; the year is checked as
    /// <see cref="RunAsync"/> checks it.
    /// </summary>
    public async Task<(SummaryOutcome Outcome, byte[]? Workbook)> WorkbookAsync(int year, string? bodies, CancellationToken cancellationToken = default)
    {
        var thisYear = Common.ChinaTime.ToChina(time.GetUtcNow()).Year;
        if (year < FirstYear || year > thisYear) return (new SummaryOutcome(2, $"报告年度 {year} 不在 {FirstYear}–{thisYear} 之间。"), null);
        var (outcome, contact) = await TakeAsync(year, bodies, null, cancellationToken);
        if (outcome.Summary is not { } summary) return (outcome, null);
        using var stream = new MemoryStream();
        SummaryWorkbook.Write(stream, summary, contact);
        return (outcome, stream.ToArray());
    }

    /// <summary>The register read, the selection checked, the summary taken, and the 本级政府's earlier contact details.</summary>
    private async Task<(SummaryOutcome Outcome, ContactDetails? Contact)> TakeAsync(int year, string? bodiesText, IProgress<WorkProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (await register.CurrentAsync(cancellationToken) is not { } bodies)
        {
            return (new SummaryOutcome(1, "尚未载入编制主体名单（fp registry load FILE），没有可汇总的机关。", Code: SummaryCodes.NoRegister), null);
        }
        var selection = BodySelection.Parse(bodiesText);
        if (!bodies.Bodies.Any(selection.Matches))
        {
            return (new SummaryOutcome(1, $"编制主体名单（{bodies.SourceFile}，{bodies.Bodies.Count} 个机关）中没有符合“{selection}”的机关（{selection.Chinese}；本级政府本身不计入汇总）。未写入任何文件。",
                Code: SummaryCodes.NoBodies), null);
        }

        var summary = await new RegionSummarizer(publisher, time).SummarizeAsync(bodies, year, selection, progress, cancellationToken);
        // The contact details of the 本级政府's latest earlier report, for the office to check rather than type again.
        ContactDetails? contact = null;
        if (summary.LocalGovernment is { } own && await publisher.GetLatestForBodyAsync(own.Name, year, cancellationToken) is { } earlier)
        {
            contact = earlier.Contact;
        }
        return (new SummaryOutcome(0, "", summary), contact);
    }

    /// <summary>What the command prints on success.</summary>
    public static string Describe(RegionSummary summary, SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(request);
        var lines = new List<string>
        {
            $"已写入 {request.Output}（溯源：{request.TracePath}）：{summary.Year} 年度，{summary.Selection.Chinese}，" +
            $"汇总 {summary.Included.Count} 个机关的现行发布版本，未发布 {summary.Missing.Count} 个。",
        };
        if (summary.Included.Count == 0) lines.Add($"注意：所选机关均没有已发布的{summary.Year}年度报告，各表数据均为 0。");
        if (summary.Missing.Count > 0)
        {
            lines.Add($"未计入（尚未发布或已撤回）：{string.Join("、", summary.Missing.Take(20).Select(b => b.Name))}{(summary.Missing.Count > 20 ? $" 等 {summary.Missing.Count} 个" : "")}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// Writes files whole or not at all: each to a temporary file in its folder, and only when all are complete are they
    /// moved over their targets (a failure leaves the targets as they were and removes the temporary files).
    /// </summary>
    public static void WriteAtomically(params (string Path, Action<Stream> Write)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var temps = new List<(string Temp, string Target)>();
        try
        {
            foreach (var (path, write) in files)
            {
                var full = Path.GetFullPath(path);
                var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
                temps.Add((temp, full));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            foreach (var (temp, target) in temps) File.Move(temp, target, overwrite: true);
        }
        finally
        {
            foreach (var (temp, _) in temps)
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }
}
