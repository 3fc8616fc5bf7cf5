using FunctionsPipeline.Core.Registry;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>Deadlines by type (条例 第四十九条–第五十条), a row's override, the configured defaults, and days late.</summary>
public sealed class DeadlineTests
{
    private static RegisteredBody Body(BodyType type, MonthDay? deadline = null) =>
        new("云岭县某机关", RegisterFile.Code("11539999MB1234500"), type, "some-body", deadline, [], [], 3);

    [Theory]
    [InlineData(BodyType.Department, 1, 31)]
    [InlineData(BodyType.Township, 1, 31)]
    [InlineData(BodyType.Other, 1, 31)]
    [InlineData(BodyType.LocalGovernment, 3, 31)]
    public void The_statutory_deadline_falls_in_the_year_after_the_report_year(BodyType type, int month, int day) =>
        Assert.Equal(new DateOnly(2025, month, day), Deadlines.Statutory.For(Body(type), 2024));

    [Fact]
    public void A_rows_deadline_overrides_its_type_and_the_configuration_sets_the_defaults()
    {
        Assert.Equal(new DateOnly(2025, 1, 15), Deadlines.Statutory.For(Body(BodyType.LocalGovernment, new MonthDay(1, 15)), 2024));
        var configured = Deadlines.From(new RegistryOptions { Deadline = "01-20", LocalGovernmentDeadline = "02-28" });
        Assert.Equal(new DateOnly(2025, 1, 20), configured.For(Body(BodyType.Township), 2024));
        Assert.Equal(new DateOnly(2025, 2, 28), configured.For(Body(BodyType.LocalGovernment), 2024));
        Assert.Throws<FormatException>(() => Deadlines.From(new RegistryOptions { Deadline = "1月31日" }));
    }

    [Fact]
    public void A_publication_on_the_deadline_is_on_time_and_each_day_after_counts()
    {
        var body = Body(BodyType.Department);
        Assert.Equal(0, Deadlines.Statutory.DaysLate(body, 2024, new DateOnly(2025, 1, 31)));
        Assert.Equal(0, Deadlines.Statutory.DaysLate(body, 2024, new DateOnly(2024, 12, 30)));
        Assert.Equal(1, Deadlines.Statutory.DaysLate(body, 2024, new DateOnly(2025, 2, 1)));
        Assert.Equal(29, Deadlines.Statutory.DaysLate(body, 2024, new DateOnly(2025, 3, 1)));
    }

    [Fact]
    public void A_29_February_deadline_is_the_28th_in_a_common_year()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), Deadlines.Statutory.For(Body(BodyType.Department, MonthDay.Parse("02-29")), 2024));
        Assert.Equal(new DateOnly(2028, 2, 29), Deadlines.Statutory.For(Body(BodyType.Department, MonthDay.Parse("02-29")), 2027));
    }
}
