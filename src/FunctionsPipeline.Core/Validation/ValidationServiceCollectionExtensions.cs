using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Validation;

/// <summary>Builds a <see cref="ValidationContext"/> for "now" from the configured options.</summary>
public sealed class ValidationContextFactory(TimeProvider time, IOptions<ValidationOptions> options)
{
    public ValidationContext Create(AnnualReport? previous = null) => new(time.GetUtcNow(), previous, options.Value);
}

public static class ValidationServiceCollectionExtensions
{
    /// <summary>
    /// Registers validation: <see cref="ValidationOptions"/> bound from the <c>Validation</c> section
    /// (when a configuration is given) and checked at start, plus <see cref="ValidationContextFactory"/>.
    /// </summary>
    public static IServiceCollection AddValidation(this IServiceCollection services, IConfiguration? configuration = null,
        Action<ValidationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ValidationOptions>();
        if (configuration is not null) builder.Bind(configuration.GetSection(ValidationOptions.SectionName));
        if (configure is not null) builder.Configure(configure);
        builder.Validate(o => o.TryGetDeadlineMonthDay(out _, out _), "Validation:DeadlineMonthDay must be MM-dd, e.g. 01-31.")
            .Validate(o => o.MinCopiedParagraphLength >= 1, "Validation:MinCopiedParagraphLength must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ValidationContextFactory>();
        return services;
    }
}
