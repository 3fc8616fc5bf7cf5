using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>Findings that do not block publishing: prose copied from last year, late publication.</summary>
internal static class Warnings
{
    /// <summary>
    /// Paragraphs of one section that also appear, word for word (ignoring whitespace), in the
    /// same section of the previous year's report. One warning per section, naming the paragraphs.
    /// </summary>
    public static Finding? CopiedProse(RawCell? cell, string heading, ProseSection current, ProseSection previous,
        int previousYear, int minLength)
    {
        var earlier = previous.Blocks.Where(b => b.Kind == ProseBlockKind.Paragraph)
            .Select(b => Normalize(b.Text)).Where(t => t.Length >= minLength).ToHashSet(StringComparer.Ordinal);
        var paragraphs = current.Blocks.Where(b => b.Kind == ProseBlockKind.Paragraph).Select(b => b.Text).ToList();
        var copied = paragraphs.Select((text, index) => (text, number: index + 1))
            .Where(p => Normalize(p.text) is var n && n.Length >= minLength && earlier.Contains(n))
            .ToList();
        if (copied.Count == 0) return null;

        var which = copied.Count == paragraphs.Count
            ? $"全部 {paragraphs.Count} 段正文"
            : $"第 {string.Join("、", copied.Select(p => p.number))} 段（共 {paragraphs.Count} 段）";
        var sample = copied[0].text.Length > 30 ? copied[0].text[..30] + "……" : copied[0].text;
        var where = cell is null ? "" : $"{cell.At}";
        return new Finding(FindingCodes.ProseCopiedFromPrevious, Severity.Warning, cell?.At.Sheet ?? "", cell?.At.Address ?? "",
            $"{where}（{heading}）：{which}与{previousYear}年度报告一字不差，如“{sample}”。照搬上年内容是年度报告最常被指出的问题，请据实更新",
            Expected: null,
            Actual: $"{copied.Count}/{paragraphs.Count}");
    }

    private static string Normalize(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Publication after the deadline (default 1月31日 of the year after the report year).</summary>
    public static Finding? Late(RawCell? yearCell, int reportYear, ValidationContext context)
    {
        var deadline = context.EffectiveOptions.DeadlineFor(reportYear);
        var published = context.PublishedLocalDate;
        if (published <= deadline) return null;
        var days = published.DayNumber - deadline.DayNumber;
        var where = yearCell is null ? "" : $"{yearCell.At}：";
        return new Finding(FindingCodes.PublishedLate, Severity.Warning, yearCell?.At.Sheet ?? "", yearCell?.At.Address ?? "",
            $"{where}{reportYear}年度报告应于{ChineseDate(deadline)}前公开，本次公开日期为{ChineseDate(published)}，已逾期 {days} 天",
            Expected: deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Actual: published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static string ChineseDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");
}
