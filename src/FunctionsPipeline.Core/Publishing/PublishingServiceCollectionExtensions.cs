using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SitePublisher"/> with options from the <c>Publishing</c> section. Uses a registered
    /// <see cref="BlobServiceClient"/> if there is one, else <c>Publishing:ConnectionString</c>, else <c>AzureWebJobsStorage</c>.
    /// <see cref="SiteCaches"/> is a singleton: the process's one set of publishing caches (see its lifetime there).
    /// </summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiteCaches>(_ => new SiteCaches());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PublishingOptions>>();
            var blobs = sp.GetService<BlobServiceClient>() ?? new BlobServiceClient(
                options.Value.ConnectionString ?? configuration["AzureWebJobsStorage"] ?? throw new InvalidOperationException(
                    "No storage for publishing: register a BlobServiceClient or set Publishing:ConnectionString or AzureWebJobsStorage."));
            return new SitePublisher(blobs, options, sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<SitePublisher>>(), sp.GetService<IPublishFaults>(), sp.GetRequiredService<SiteCaches>(),
                sp.GetService<Registry.IRegisterSource>());
        });
        // Validation's year-on-year checks read the body's previous report from the site.
        services.TryAddSingleton<IPreviousReports>(sp => sp.GetRequiredService<SitePublisher>());
        return services;
    }
}
