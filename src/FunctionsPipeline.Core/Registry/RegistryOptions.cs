namespace FunctionsPipeline.Core.Registry;

/// <summary>The register's container and the registry-wide default deadlines. Bound from the <c>Registry</c> configuration section.</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "Registry";

    /// <summary>Private container holding the loaded register (<c>register.json</c>) and each file loaded (<c>sources/</c>).</summary>
    public string Container { get; set; } = Common.StorageNames.Registry;

    /// <summary>
    /// When a report is due, as <c>MM-DD</c> of the year after its report year, for 政府部门, 乡镇（街道） and 其他
    /// (条例 第四十九条: 1月31日).
    /// </summary>
    public string Deadline { get; set; } = "01-31";

    /// <summary>When the 本级政府's own report is due (条例 第五十条: 3月31日).</summary>
    public string LocalGovernmentDeadline { get; set; } = "03-31";
}

/// <summary>When each registered body's report for a year is due, and how late a publication is.</summary>
public sealed class Deadlines(MonthDay standard, MonthDay localGovernment)
{
    /// <summary>The statutory defaults: 1月31日, and 3月31日 for the 本级政府.</summary>
    public static Deadlines Statutory { get; } = new(new MonthDay(1, 31), new MonthDay(3, 31));

    /// <summary>From configuration; throws for a setting that is not <c>MM-DD</c> (caught by options validation at start).</summary>
    public static Deadlines From(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(MonthDay.Parse(options.Deadline) ?? throw new FormatException($"Registry:Deadline '{options.Deadline}' is not MM-DD"),
            MonthDay.Parse(options.LocalGovernmentDeadline) ?? throw new FormatException($"Registry:LocalGovernmentDeadline '{options.LocalGovernmentDeadline}' is not MM-DD"));
    }

    /// <summary>The last day (China date) on which <paramref name="body"/>'s report for <paramref name="reportYear"/> is on time.</summary>
    public DateOnly For(RegisteredBody body, int reportYear)
    {
        ArgumentNullException.ThrowIfNull(body);
        var day = body.Deadline ?? (body.Type == BodyType.LocalGovernment ? localGovernment : standard);
        return day.In(reportYear + 1);
    }

    /// <summary>Days past the deadline of a publication on <paramref name="publishedOn"/> (China date); 0 when on time.</summary>
    public int DaysLate(RegisteredBody body, int reportYear, DateOnly publishedOn) =>
        Math.Max(0, publishedOn.DayNumber - For(body, reportYear).DayNumber);
}
