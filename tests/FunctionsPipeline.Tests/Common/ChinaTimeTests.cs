using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Tests.Common;

public sealed class ChinaTimeTests
{
    private static readonly DateTimeOffset NineTwentyUtc = new(2026, 11, 29, 9, 20, 41, TimeSpan.Zero);

    [Fact]
    public void A_UTC_instant_is_shown_in_China_Standard_Time()
    {
        Assert.Equal("2026年11月29日 17:20", ChinaTime.FormatChinese(NineTwentyUtc));
        Assert.Equal("2026-11-29T17:20:41+08:00", ChinaTime.FormatIso(NineTwentyUtc));
    }

    [Fact]
    public void An_instant_given_in_another_offset_gives_the_same_China_time()
    {
        var newYork = NineTwentyUtc.ToOffset(TimeSpan.FromHours(-5));

        Assert.Equal("2026年11月29日 17:20", ChinaTime.FormatChinese(newYork));
    }

    [Fact]
    public void Without_time_zone_data_a_fixed_plus_eight_hours_is_used()
    {
        var zone = ChinaTime.Resolve(_ => throw new TimeZoneNotFoundException());

        Assert.Same(ChinaTime.FixedOffsetZone, zone);
        Assert.Equal(TimeSpan.FromHours(8), ChinaTime.ToChina(NineTwentyUtc, zone).Offset);
        Assert.Equal(17, ChinaTime.ToChina(NineTwentyUtc, zone).Hour);
    }

    [Fact]
    public void The_system_zone_is_found_here_and_dates_roll_over_at_Chinese_midnight()
    {
        Assert.Equal(ChinaTime.ZoneId, ChinaTime.Zone.Id);
        Assert.Equal("2027年1月1日 07:30", ChinaTime.FormatChinese(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)));
    }
}
