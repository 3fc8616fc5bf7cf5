using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Validation;

public sealed class AddValidationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        services.AddValidation(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Binds_the_deadline_from_configuration_and_stamps_contexts_with_the_time_provider()
    {
        var now = new DateTimeOffset(2025, 3, 15, 2, 0, 0, TimeSpan.Zero);
        using var provider = Build(new() { ["Validation:DeadlineMonthDay"] = "03-31" }, new FixedClock(now));
        var context = provider.GetRequiredService<ValidationContextFactory>().Create();
        Assert.Equal(now, context.PublishedAt);
        Assert.Equal(new DateOnly(2025, 3, 31), context.EffectiveOptions.DeadlineFor(2024));
    }

    [Fact]
    public void Defaults_to_31_january_of_the_following_year()
    {
        using var provider = Build([]);
        var options = provider.GetRequiredService<IOptions<ValidationOptions>>().Value;
        Assert.Equal(new DateOnly(2025, 1, 31), options.DeadlineFor(2024));
    }

    [Fact]
    public void Refuses_a_deadline_that_is_not_month_and_day()
    {
        using var provider = Build(new() { ["Validation:DeadlineMonthDay"] = "1月31日" });
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ValidationOptions>>().Value);
    }

    [Fact]
    public void A_deadline_on_29_february_falls_back_to_the_last_day_of_february()
    {
        var options = new ValidationOptions { DeadlineMonthDay = "02-29" };
        Assert.Equal(new DateOnly(2025, 2, 28), options.DeadlineFor(2024));
        Assert.Equal(new DateOnly(2028, 2, 29), options.DeadlineFor(2027));
    }
}
