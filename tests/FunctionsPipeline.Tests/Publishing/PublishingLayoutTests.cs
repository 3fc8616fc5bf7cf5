using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Publishing.Pages;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The arrow the Publishing folders promise: storage decides what is written, pages are markup, and storage holds none.</summary>
public sealed partial class PublishingLayoutTests
{
    [Fact]
    public void Storage_holds_no_markup_and_does_not_name_the_pages()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "src", "FunctionsPipeline.Core", "Publishing", "Storage"), "*.cs");
        Assert.NotEmpty(files);
        // The page types by name too: the Core assembly imports their namespace globally.
        var pageTypes = typeof(ListingPages).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ListingPages).Namespace && !t.IsNested && TypeName().IsMatch(t.Name)).Select(t => t.Name).ToList();
        Assert.Contains(nameof(IndexPage), pageTypes);
        foreach (var file in files)
        {
            // Comments may name pages and tags; code may not.
            var code = string.Join('\n', File.ReadLines(file).Select(line => Comment().Replace(line, "")));
            Assert.DoesNotMatch(MarkupLiteral(), code);
            Assert.DoesNotContain("Publishing.Pages", code, StringComparison.Ordinal);
            Assert.DoesNotContain("Rendering.Html", code, StringComparison.Ordinal);
            Assert.All(pageTypes, name => Assert.DoesNotMatch($@"(?<![.\w]){name}\b", code)); // not a member (SiteLayout.BodyPage)
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FunctionsPipeline.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FunctionsPipeline.sln not found above the test binaries");
    }

    [GeneratedRegex(@"^[A-Za-z]\w*$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"//.*$")]
    private static partial Regex Comment();

    /// <summary>A string literal holding a tag ("&lt;li&gt;", "&lt;/a&gt;", "&lt;!DOCTYPE").</summary>
    [GeneratedRegex(@"""[^""\n]*<[a-zA-Z/!][^""\n]*""")]
    private static partial Regex MarkupLiteral();
}
