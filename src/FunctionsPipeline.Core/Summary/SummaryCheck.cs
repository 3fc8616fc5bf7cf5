using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Summary;

/// <summary>A selected body whose live version is not the one a summary workbook summed (null: none then, or none now).</summary>
public sealed record VersionChange(RegisteredBody Body, int? Summed, int? Live, IReadOnlyList<decimal>? SummedValues)
{
    public string Chinese => $"{Body.Name}（汇总时{(Summed is { } s ? $"为第{s}版" : "尚未发布")}，" +
        $"现{(Live is { } l ? $"为第{l}版" : "无现行版本（已撤回）")}）";
}

/// <summary>
/// The upload check of a 本级政府's report (the register row's type of the uploading folder): its tables against the
/// summary of that moment over the selection the workbook says it summed (<see cref="SummaryStamp"/>: 汇总说明's selection
/// row), or over <see cref="BodySelection.All"/> when it says none (a workbook typed by hand). Each table cell that differs
/// is a <see cref="SummaryCodes.Differs"/> warning at its cell, with the sum expected, the value uploaded and the selection
/// compared with; when a summed body's live version changed since the summary was taken (a correction or withdrawal), the
/// warning of each cell it moves names the body and both versions. Totals are left out: they follow from the cells they add
/// up (R1–R4), so a differing total adds nothing. Reads two blobs per selected body; only a 本级政府's upload pays for it.
/// </summary>
public sealed class SummaryCheck(ILiveReports reports, TimeProvider time)
{
    public SummaryCheck(SitePublisher publisher, TimeProvider time) : this(new SiteLiveReports(publisher), time)
    {
    }

    public async Task<IReadOnlyList<Finding>> CheckAsync(BodyRegister register, RegisteredBody uploader, AnnualReport report, ParsedWorkbook? workbook,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(uploader);
        ArgumentNullException.ThrowIfNull(report);
        if (uploader.Type != BodyType.LocalGovernment) return [];
        var stamp = SummaryStamp.Read(workbook);
        var summary = await new RegionSummarizer(reports, time).SummarizeAsync(register, report.Year, stamp?.Selection ?? BodySelection.All,
            cancellationToken: cancellationToken);
        return Compare(summary, report, workbook, stamp);
    }

    /// <summary>The selected bodies whose live version in <paramref name="summary"/> is not the one <paramref name="stamp"/> summed, in register order.</summary>
    public static IReadOnlyList<VersionChange> Changes(RegionSummary summary, SummaryStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(stamp);
        var changes = new List<VersionChange>();
        foreach (var (body, live) in summary.Included.Select(c => (c.Body, (int?)c.Entry.Version)).Concat(summary.Missing.Select(b => (b, (int?)null))).OrderBy(x => x.Item1.Row))
        {
            var summed = stamp.Bodies.TryGetValue(body.Folder, out var listed) ? listed.Version : null;
            if (summed == live) continue;
            changes.Add(new VersionChange(body, summed, live, summed is null ? new decimal[SummaryCells.All.Count] : stamp.ValuesOf(body.Folder)));
        }
        return changes;
    }

    /// <summary>
    /// The warnings for <paramref name="report"/> against <paramref name="summary"/>, in the catalogue's cell order;
    /// <paramref name="stamp"/> is what the uploaded workbook says it summed (null: nothing, so the summary is of all bodies).
    /// </summary>
    public static IReadOnlyList<Finding> Compare(RegionSummary summary, AnnualReport report, ParsedWorkbook? workbook, SummaryStamp? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        var actual = SummaryCells.ValuesOf(report);
        var changes = stamp is null ? [] : Changes(summary, stamp);
        var live = summary.Included.ToDictionary(c => c.Body.Folder, c => c.Values, StringComparer.Ordinal);
        var scope = stamp is null
            ? $"汇总范围：{summary.Selection.Chinese}。本工作簿未载明汇总范围（工作表“{SummaryWorkbook.NoteSheet}”中没有“{SummaryWorkbook.SelectionLabel}”），按全部机关核对"
            : $"汇总范围：{summary.Selection.Chinese}，即工作簿“{SummaryWorkbook.NoteSheet}”所载的“{summary.Selection}”";
        var findings = new List<Finding>();
        for (var i = 0; i < SummaryCells.All.Count; i++)
        {
            var cell = SummaryCells.All[i];
            if (cell.IsComputedTotal || actual[i] == summary.Totals[i]) continue;
            var at = workbook?[cell.Id]?.At;
            var where = at is null ? "" : $"{at}";
            var difference = actual[i] - summary.Totals[i];
            findings.Add(new Finding(SummaryCodes.Differs, Severity.Warning, at?.Sheet ?? "", at?.Address ?? "",
                $"{where}（{cell.Description}）：与名单内{summary.Included.Count}个机关已发布报告的汇总数不一致（{scope}），汇总数为 {SummaryCells.Show(summary.Totals[i])}，" +
                $"本表为 {SummaryCells.Show(actual[i])}（{(difference > 0 ? "多" : "少")} {SummaryCells.Show(Math.Abs(difference))}）。" +
                Explain(changes, live, i, difference) +
                $"如为本级政府自身的数据可不处理，否则请重新汇总（fp summarize --bodies {summary.Selection}）后上传",
                Expected: SummaryCells.Show(summary.Totals[i]),
                Actual: SummaryCells.Show(actual[i])));
        }
        return findings;
    }

    /// <summary>
    /// The version changes that move cell <paramref name="i"/>: "only because" when their moves account for the whole
    /// difference (the uploaded value is the sum of the versions summed), else "may have moved it"; "" when none did.
    /// </summary>
    private static string Explain(IReadOnlyList<VersionChange> changes, Dictionary<string, IReadOnlyList<decimal>> live, int i, decimal difference)
    {
        var moved = new List<VersionChange>();
        decimal? moves = 0m;
        foreach (var change in changes)
        {
            var now = live.TryGetValue(change.Body.Folder, out var values) ? values[i] : 0m;
            if (change.SummedValues is not { } then)
            {
                moved.Add(change);
                moves = null;
            }
            else if (now != then[i])
            {
                moved.Add(change);
                moves += now - then[i];
            }
        }
        if (moved.Count == 0) return "";
        var names = string.Join("、", moved.Select(c => c.Chinese));
        return moves == -difference
            ? $"差异仅因汇总后以下机关的现行版本有变化（更正或撤回）：{names}。"
            : $"汇总后以下机关的现行版本有变化（更正或撤回），可能影响本单元格：{names}。";
    }
}
