using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Workbook;

public sealed class WorkbookServiceCollectionTests
{
    [Fact]
    public void Limits_are_bound_from_the_Workbook_section_and_default_otherwise()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Workbook:MaxFileBytes"] = "12345", ["Workbook:MaxRows"] = "300" })
            .Build();
        using var provider = new ServiceCollection().AddWorkbook(configuration).BuildServiceProvider();
        var limits = provider.GetRequiredService<IOptions<WorkbookLimits>>().Value;
        Assert.Equal(12345, limits.MaxFileBytes);
        Assert.Equal(300, limits.MaxRows);
        Assert.Equal(WorkbookLimits.Default.MaxColumns, limits.MaxColumns);
    }
}
