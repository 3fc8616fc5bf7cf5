using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Core.Hosting;

/// <summary>Creates every container the pipeline uses, as a local host does at start (in Azure the infrastructure creates them).</summary>
public static class StorageSetup
{
    /// <summary>The private containers (<see cref="StorageContainers.PrepareAsync"/>) and the site's (<see cref="SitePublisher.PrepareAsync"/>).</summary>
    public static async Task PrepareStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<StorageContainers>().PrepareAsync(cancellationToken);
        await services.GetRequiredService<SitePublisher>().PrepareAsync(cancellationToken);
    }
}
