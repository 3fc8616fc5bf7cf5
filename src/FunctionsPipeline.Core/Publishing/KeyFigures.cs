using System.Globalization;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// The few figures of a report the body page charts across years and the notice compares with the previous year. Stored in
/// the body's manifest entry (optional: entries written before they existed have none until <c>fp site rebuild</c>), so the
/// body page never reads every report.json.
/// </summary>
public sealed record KeyFigures(int NewlyReceived, int Granted, int DocumentsIssued, int PenaltyDecisions, int Reviews, int Lawsuits)
{
    /// <summary>One figure: its label, how it is read from the format, and its id (for element ids).</summary>
    public sealed record Figure(string Id, string Label, string Source, Func<KeyFigures, int> Value);

    /// <summary>In the order the format has them: table B (三), table A (二), table C (四).</summary>
    public static IReadOnlyList<Figure> All { get; } =
    [
        new("received", "新收申请", "三、本年新收政府信息公开申请数量（总计）", f => f.NewlyReceived),
        new("granted", "予以公开", "三、本年度办理结果（一）予以公开（总计）", f => f.Granted),
        new("issued", "制发规章和规范性文件", "二、规章与行政规范性文件的本年制发件数之和", f => f.DocumentsIssued),
        new("penalties", "行政处罚决定", "二、行政处罚本年处理决定数量", f => f.PenaltyDecisions),
        new("reviews", "行政复议", "四、行政复议总计", f => f.Reviews),
        new("lawsuits", "行政诉讼", "四、行政诉讼（未经复议直接起诉与复议后起诉）总计之和", f => f.Lawsuits),
    ];

    public static KeyFigures From(AnnualReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var a = report.ActiveDisclosure;
        var b = report.Applications;
        var c = report.ReviewsAndLitigation;
        return new KeyFigures(
            NewlyReceived: b[TableBRow.NewlyReceived, ApplicantColumn.Total],
            Granted: b[TableBRow.Granted, ApplicantColumn.Total],
            DocumentsIssued: a.Rules.Issued + a.NormativeDocuments.Issued,
            PenaltyDecisions: a.PenaltyDecisions,
            Reviews: c.AdministrativeReview.Total,
            Lawsuits: c.LitigationWithoutReview.Total + c.LitigationAfterReview.Total);
    }

    /// <summary>
    /// 较上年增加/减少 x% (one decimal), 与上年持平, or — when last year's figure was 0 — the change in 件, since a percentage of
    /// nothing means nothing.
    /// </summary>
    public static string Change(int previous, int current)
    {
        var inv = CultureInfo.InvariantCulture;
        if (previous == current) return "与上年持平";
        var direction = current > previous ? "增加" : "减少";
        if (previous == 0) return string.Create(inv, $"较上年{direction}{Math.Abs(current - previous)}件（上年为0件）");
        var percent = Math.Abs(current - previous) * 100m / previous;
        return string.Create(inv, $"较上年{direction}{percent:0.0}%");
    }
}

/// <summary>This report's key figures against those of the body's previous published year (the current version of it).</summary>
public sealed record YearOverYear(int PreviousYear, KeyFigures Previous, KeyFigures Current);
