namespace FunctionsPipeline.Core.Registry;

/// <summary>机关类型 as the register names it; decides the default deadline (条例 第四十九条–第五十条).</summary>
public enum BodyType
{
    /// <summary>本级政府: its own report covers the region; due 3月31日.</summary>
    LocalGovernment,

    /// <summary>政府部门: due 1月31日.</summary>
    Department,

    /// <summary>乡镇（街道）: due 1月31日.</summary>
    Township,

    /// <summary>其他: due 1月31日 unless the row says otherwise.</summary>
    Other,
}

public static class BodyTypes
{
    /// <summary>The register's word for each type.</summary>
    public static string Label(BodyType type) => type switch
    {
        BodyType.LocalGovernment => "本级政府",
        BodyType.Department => "政府部门",
        BodyType.Township => "乡镇（街道）",
        _ => "其他",
    };

    /// <summary>The type a cell names (ASCII parentheses accepted for 乡镇(街道)), or null.</summary>
    public static BodyType? Parse(string text) => text.Replace('(', '（').Replace(')', '）') switch
    {
        "本级政府" => BodyType.LocalGovernment,
        "政府部门" => BodyType.Department,
        "乡镇（街道）" => BodyType.Township,
        "其他" => BodyType.Other,
        _ => null,
    };
}

/// <summary>A month and day without a year (a deadline: <c>01-31</c>).</summary>
public readonly record struct MonthDay(int Month, int Day)
{
    /// <summary><c>MM-DD</c> (or <c>M-D</c>) naming a day that exists in a leap year, or null.</summary>
    public static MonthDay? Parse(string text)
    {
        var parts = text.Trim().Split('-');
        if (parts.Length != 2 || parts.Any(p => p.Length is < 1 or > 2 || !p.All(char.IsAsciiDigit))) return null;
        var month = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month) ? new MonthDay(month, day) : null;
    }

    /// <summary>This day in <paramref name="year"/> (29 February becomes the 28th in a common year).</summary>
    public DateOnly In(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));

    public override string ToString() => $"{Month:00}-{Day:00}";


    /// <summary><c>1月31日</c>.</summary>
    public string Chinese => $"{Month}月{Day}日";
}

/// <summary>
/// One row of the register (编制主体名单): a body that must publish an annual report, where its clerks upload
/// (<c>uploads/{Folder}/…</c>), its deadline override and the people who fill in and review its report.
/// <see cref="Row"/> is the row number in the file (1-based, as Excel shows it).
/// </summary>
public sealed record RegisteredBody(
    string Name,
    string CreditCode,
    BodyType Type,
    string Folder,
    MonthDay? Deadline,
    IReadOnlyList<string> Clerks,
    IReadOnlyList<string> Reviewers,
    int Row)
{
    /// <summary>Where this body's 索引号 serials start (optional column 索引号起始序号; the portal's CMS may already number documents).</summary>
    public int? SerialBase { get; init; }
}

/// <summary>
/// The register as loaded: its bodies in file order, the file it came from (name and SHA-256) and when it was loaded.
/// </summary>
public sealed record BodyRegister(IReadOnlyList<RegisteredBody> Bodies, string SourceFile, string SourceSha256, DateTimeOffset LoadedAt)
{
    /// <summary>The body whose upload folder is <paramref name="folder"/>, or null.</summary>
    public RegisteredBody? ByFolder(string folder) => Bodies.FirstOrDefault(b => b.Folder == folder);

    /// <summary>The body named <paramref name="name"/>, or null.</summary>
    public RegisteredBody? ByName(string name) => Bodies.FirstOrDefault(b => b.Name == name);

    /// <summary>The body with 统一社会信用代码 <paramref name="code"/>, or null.</summary>
    public RegisteredBody? ByCreditCode(string code) => Bodies.FirstOrDefault(b => b.CreditCode == code);
}
