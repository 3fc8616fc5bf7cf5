using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Summary;

/// <summary>
/// The upload check of a 本级政府's report (the register row's type of the uploading folder): its tables against the
/// summary of that moment (<see cref="BodySelection.All"/>: every other registered body's current published version).
/// Each table cell that differs is a <see cref="SummaryCodes.Differs"/> warning at its cell, with the sum expected and the
/// value uploaded. Totals are left out: they follow from the cells they add up (R1–R4), so a differing total adds nothing.
/// Reads two blobs per registered body; only a 本级政府's upload pays for it.
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
        var summary = await new RegionSummarizer(reports, time).SummarizeAsync(register, report.Year, BodySelection.All, cancellationToken: cancellationToken);
        return Compare(summary, report, workbook);
    }

    /// <summary>The warnings for <paramref name="report"/> against <paramref name="summary"/>, in the catalogue's cell order.</summary>
    public static IReadOnlyList<Finding> Compare(RegionSummary summary, AnnualReport report, ParsedWorkbook? workbook)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        var actual = SummaryCells.ValuesOf(report);
        var findings = new List<Finding>();
        for (var i = 0; i < SummaryCells.All.Count; i++)
        {
            var cell = SummaryCells.All[i];
            if (cell.IsComputedTotal || actual[i] == summary.Totals[i]) continue;
            var at = workbook?[cell.Id]?.At;
            var where = at is null ? "" : $"{at}";
            var difference = actual[i] - summary.Totals[i];
            findings.Add(new Finding(SummaryCodes.Differs, Severity.Warning, at?.Sheet ?? "", at?.Address ?? "",
                $"{where}（{cell.Description}）：与名单内{summary.Included.Count}个机关已发布报告的汇总数不一致，汇总数为 {SummaryCells.Show(summary.Totals[i])}，" +
                $"本表为 {SummaryCells.Show(actual[i])}（{(difference > 0 ? "多" : "少")} {SummaryCells.Show(Math.Abs(difference))}）。" +
                "如为本级政府自身的数据可不处理，否则请重新汇总（fp summarize）后上传",
                Expected: SummaryCells.Show(summary.Totals[i]),
                Actual: SummaryCells.Show(actual[i])));
        }
        return findings;
    }
}
