using System.Reflection;
using FunctionsPipeline.Core.Validation;

namespace FunctionsPipeline.Tests.Validation;

public sealed class FindingCodesTests
{
    [Fact]
    public void All_lists_every_code_once()
    {
        var declared = typeof(FindingCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(declared.Order(), FindingCodes.All.Order());
        Assert.Equal(declared.Count, declared.Distinct().Count());
    }

    [Fact]
    public void The_validation_page_names_every_validation_code()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln")))
        {
            dir = dir.Parent ?? throw new FileNotFoundException("FunctionsPipeline.sln not found above the test binaries");
        }
        var page = Path.Combine(dir.FullName, "docs", "validation.md");
        Assert.True(File.Exists(page), "docs/validation.md is missing");
        var validation = File.ReadAllText(page);
        Assert.All(FindingCodes.All, code => Assert.Contains($"`{code}`", validation, StringComparison.Ordinal));
    }
}
