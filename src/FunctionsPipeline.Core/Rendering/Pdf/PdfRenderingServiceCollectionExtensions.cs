using FunctionsPipeline.Core.Rendering.Fonts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Rendering.Pdf;

public static class PdfRenderingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PdfRenderer"/> as a singleton with <see cref="FontOptions"/> bound from the
    /// <c>Fonts</c> section (e.g. <c>Fonts:FontFolder</c>) when a configuration is given.
    /// </summary>
    public static IServiceCollection AddPdfRendering(this IServiceCollection services, IConfiguration? configuration = null,
        Action<FontOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<FontOptions>();
        if (configuration is not null) builder.Bind(configuration.GetSection(FontOptions.SectionName));
        if (configure is not null) builder.Configure(configure);
        services.TryAddSingleton(provider => new PdfRenderer(provider.GetRequiredService<IOptions<FontOptions>>().Value));
        return services;
    }
}
