using System.Globalization;

namespace FunctionsPipeline.Core.Validation;

/// <summary>Per-deployment validation settings (configuration section <c>Validation</c>).</summary>
public sealed class ValidationOptions
{
    public const string SectionName = "Validation";

    /// <summary>
    /// Publication deadline as <c>MM-dd</c> of the year after the report year. Default <c>01-31</c>
    /// (县级以上人民政府部门, 条例第四十九条); a 县级以上地方人民政府's own report uses <c>03-31</c>.
    /// </summary>
    public string DeadlineMonthDay { get; set; } = "01-31";

    /// <summary>Offset of the local calendar the deadline and report year refer to (China Standard Time).</summary>
    public TimeSpan LocalUtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Paragraphs shorter than this are not reported as copied (stock phrases repeat legitimately).</summary>
    public int MinCopiedParagraphLength { get; set; } = 30;

    public bool TryGetDeadlineMonthDay(out int month, out int day)
    {
        month = day = 0;
        if (!DateTime.TryParseExact($"2000-{DeadlineMonthDay?.Trim()}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        (month, day) = (parsed.Month, parsed.Day);
        return true;
    }

    /// <summary>The last local day on which a report for <paramref name="reportYear"/> is on time.</summary>
    public DateOnly DeadlineFor(int reportYear)
    {
        if (!TryGetDeadlineMonthDay(out var month, out var day))
        {
            throw new InvalidOperationException($"Validation:DeadlineMonthDay '{DeadlineMonthDay}' is not MM-dd.");
        }
        var year = reportYear + 1;
        return new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
    }
}
