using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Core.Workbook;

public static class WorkbookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkbookLimits"/> as options bound from the <c>Workbook</c> section
    /// (e.g. <c>Workbook:MaxFileBytes</c>); pass <c>IOptions&lt;WorkbookLimits&gt;.Value</c> to <see cref="WorkbookReader.Read"/>.
    /// </summary>
    public static IServiceCollection AddWorkbook(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkbookLimits>().Bind(configuration.GetSection(WorkbookLimits.SectionName));
        return services;
    }
}
