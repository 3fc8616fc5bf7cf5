using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole pipeline: <see cref="PipelineOptions"/> (section <c>Pipeline</c>), the storage client
    /// from the <c>PipelineStorage</c> connection (see <see cref="PipelineStorage"/>; a BlobServiceClient
    /// registered before wins), validation, PDF rendering (fonts from section <c>Fonts</c>), publishing,
    /// and <see cref="PipelineService"/> as the <see cref="IUploadProcessor"/>.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.SectionName))
            .Validate(o => o.MaxUploadBytes > 0, "Pipeline:MaxUploadBytes must be positive.")
            .Validate(o => o.AllowedExtensionSet.Count > 0, "Pipeline:AllowedExtensions must name at least one extension.")
            .Validate(o => o.UploadsContainer.Length > 0 && o.ResultsContainer.Length > 0, "Pipeline container names must not be empty.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => PipelineStorage.CreateBlobServiceClient(configuration));
        services.AddValidation(configuration);
        services.AddPublishing(configuration);
        services.AddOptions<FontOptions>().Bind(configuration.GetSection("Fonts"));
        services.TryAddSingleton(sp => new PdfRenderer(sp.GetRequiredService<IOptions<FontOptions>>().Value));
        services.TryAddSingleton<PipelineService>();
        services.TryAddSingleton<IUploadProcessor>(sp => sp.GetRequiredService<PipelineService>());
        return services;
    }
}
