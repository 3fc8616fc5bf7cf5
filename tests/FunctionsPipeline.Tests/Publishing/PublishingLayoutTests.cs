using System.Text.RegularExpressions;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The arrow the Publishing folders promise: storage decides what is written, pages are markup, and storage holds none.</summary>
public sealed partial class PublishingLayoutTests
{
    [Fact]
    public void Storage_holds_no_markup_and_does_not_name_the_pages()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "src", "FunctionsPipeline.Core", "Publishing", "Storage"), "*.cs");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // Comments may name pages and tags; code may not.
            var code = string.Join('\n', File.ReadLines(file).Select(line => Comment().Replace(line, "")));
            Assert.DoesNotMatch(MarkupLiteral(), code);
            Assert.DoesNotContain("Publishing.Pages", code, StringComparison.Ordinal);
            Assert.DoesNotContain("Rendering.Html", code, StringComparison.Ordinal);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FunctionsPipeline.sln not found above the test binaries");
    }

    [GeneratedRegex(@"//.*$")]
    private static partial Regex Comment();

    /// <summary>A string literal holding a tag ("&lt;li&gt;", "&lt;/a&gt;", "&lt;!DOCTYPE").</summary>
    [GeneratedRegex(@"""[^""\n]*<[a-zA-Z/!][^""\n]*""")]
    private static partial Regex MarkupLiteral();
}
