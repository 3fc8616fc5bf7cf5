using System.Globalization;

namespace FunctionsPipeline.Core.Common;

/// <summary>
/// Times a clerk or the public reads (publication times, findings pages) in China Standard Time, whatever the
/// server's zone (Azure runs in UTC).
/// Uses the IANA zone Asia/Shanghai; where the system has no time zone data, a fixed +08:00
/// (China has had no daylight saving since 1991, so the two agree for any date we publish).
/// </summary>
public static class ChinaTime
{
    public const string ZoneId = "Asia/Shanghai";

    public static TimeZoneInfo FixedOffsetZone { get; } =
        TimeZoneInfo.CreateCustomTimeZone("China Standard Time (fixed +08:00)", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");

    public static TimeZoneInfo Zone { get; } = Resolve(TimeZoneInfo.FindSystemTimeZoneById);

    internal static TimeZoneInfo Resolve(Func<string, TimeZoneInfo> find)
    {
        try
        {
            return find(ZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return FixedOffsetZone;
        }
    }

    /// <summary>The instant in China Standard Time, to whole seconds.</summary>
    public static DateTimeOffset ToChina(DateTimeOffset instant, TimeZoneInfo? zone = null)
    {
        var seconds = new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return TimeZoneInfo.ConvertTime(seconds, zone ?? Zone);
    }

    /// <summary><c>2026年11月29日 17:20</c>, as shown after 发布时间：.</summary>
    public static string FormatChinese(DateTimeOffset instant)
    {
        var t = ToChina(instant);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Year}年{t.Month}月{t.Day}日 {t:HH:mm}");
    }

    /// <summary><c>2026-11-29T17:20:00+08:00</c> for <c>&lt;time datetime&gt;</c> and the manifest.</summary>
    public static string FormatIso(DateTimeOffset instant) =>
        ToChina(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
