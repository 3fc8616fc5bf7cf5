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
    public void The_readme_table_names_every_validation_code()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "README.md")) || !File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln")))
        {
            dir = dir.Parent ?? throw new FileNotFoundException("README.md not found above the test binaries");
        }
        var readme = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        Assert.All(FindingCodes.All, code => Assert.Contains($"`{code}`", readme, StringComparison.Ordinal));
    }
}
