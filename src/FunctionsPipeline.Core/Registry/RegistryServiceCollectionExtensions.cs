using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsPipeline.Core.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the register: <see cref="RegistryOptions"/> from the <c>Registry</c> section (deadlines checked at start),
    /// <see cref="RegisterStore"/> and the <see cref="IRegisterSource"/> the upload gate reads. Needs a BlobServiceClient.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RegistryOptions>()
            .Bind(configuration.GetSection(RegistryOptions.SectionName))
            .Validate(o => MonthDay.Parse(o.Deadline) is not null && MonthDay.Parse(o.LocalGovernmentDeadline) is not null,
                "Registry:Deadline and Registry:LocalGovernmentDeadline must be MM-DD, e.g. 01-31.")
            .Validate(o => o.Container.Length > 0, "Registry:Container must not be empty.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegisterStore>();
        services.TryAddSingleton<IRegisterSource>(sp => sp.GetRequiredService<RegisterStore>());
        return services;
    }
}
