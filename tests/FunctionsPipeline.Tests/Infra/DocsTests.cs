using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// The README stays a short front page (what the project is, the two commands, one picture, where to go next) and
/// the rest lives in docs/: every page there exists, the README links each one, and no relative link is dangling.
/// </summary>
public sealed partial class DocsTests
{
    private const int MaxReadmeLines = 250;
    private const int CommandsWithinLines = 25;

    private static readonly string[] Commands =
    [
        "npm ci && dotnet run -c Release --project src/FunctionsPipeline.Cli -- demo",
        "bash scripts/test.sh",
    ];

    /// <summary>The pages other tests and the README rely on; a page may be added, none of these removed.</summary>
    private static readonly string[] Pages =
    [
        "architecture.md",
        "configuration.md",
        "deploy.md",
        "notifications.md",
        "operations.md",
        "performance.md",
        "rendering.md",
        "review-and-withdrawal.md",
        "site.md",
        "summary.md",
        "tests.md",
        "validation.md",
    ];

    private static string Root => CompiledTemplate.FindRepositoryRoot();

    private static string ReadmePath => Path.Combine(Root, "README.md");

    [Fact]
    public void The_readme_is_at_most_250_lines()
    {
        var lines = File.ReadAllLines(ReadmePath).Length;
        Assert.True(lines <= MaxReadmeLines, $"README.md has {lines} lines; at most {MaxReadmeLines}: move the detail to a page in docs/");
    }

    [Fact]
    public void The_readme_starts_with_the_two_commands()
    {
        Assert.Empty(MissingCommands(File.ReadAllLines(ReadmePath)));
    }

    [Fact]
    public void Every_docs_page_exists_and_the_readme_links_it()
    {
        var docs = Path.Combine(Root, "docs");
        Assert.All(Pages, page => Assert.True(File.Exists(Path.Combine(docs, page)), $"docs/{page} is missing"));

        var readmeTargets = RelativeLinks(File.ReadAllText(ReadmePath))
            .Select(link => link.Split('#')[0])
            .ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(docs, "*.md").Select(page => Path.GetFileName(page)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.True(readmeTargets.Contains($"docs/{page}"), $"README.md does not link docs/{page}"));
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_the_docs_points_to_something_that_exists()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Prepend(ReadmePath).ToList();
        var broken = files.SelectMany(BrokenLinks).ToList();
        Assert.True(broken.Count == 0, "broken links:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
    }

    // The checks above can fail: they are run here on documents made to break them.

    [Fact]
    public void The_command_check_finds_a_command_that_is_missing_or_too_far_down()
    {
        var good = new[] { "# X", "```bash", Commands[0] + "    # demo", Commands[1], "```" };
        Assert.Empty(MissingCommands(good));

        Assert.Equal(new[] { Commands[1] }, MissingCommands(["# X", "```bash", Commands[0], "```"]));
        var late = Enumerable.Repeat("text", CommandsWithinLines).Concat(good).ToArray();
        Assert.Equal(Commands, MissingCommands(late));
        Assert.Equal(new[] { Commands[0] }, MissingCommands(["# X", "```bash", "npm ci && dotnet run --project src/FunctionsPipeline.Cli -- demo", Commands[1], "```"]));
    }

    [Fact]
    public void The_link_check_finds_missing_files_and_anchors_and_ignores_code_and_web_links()
    {
        var folder = Directory.CreateTempSubdirectory("fp-docs-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "other.md"), "# Other page\n\n## The command line (`fp`)\n\n```\n## Not a heading\n```\n");
            var page = Path.Combine(folder.FullName, "page.md");
            File.WriteAllText(page, string.Join('\n',
                "# Page",
                "## Review (审核) and withdrawal",
                "[ok](other.md) [ok](other.md#the-command-line-fp) [ok](#review-审核-and-withdrawal) [web](https://example.org/x.md)",
                "`[code](missing-in-code.md)`",
                "```",
                "[block](missing-in-block.md)",
                "```",
                "[gone](missing.md) [bad anchor](other.md#not-a-heading) [bad own anchor](#nowhere) [folder](sub/x.md)"));

            var broken = BrokenLinks(page);

            Assert.Equal(4, broken.Count);
            Assert.Contains(broken, b => b.Contains("missing.md", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("other.md#not-a-heading", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("#nowhere", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("sub/x.md", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The commands not found, each at the start of one of the first lines inside a code block.</summary>
    private static List<string> MissingCommands(IReadOnlyList<string> lines)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        for (var i = 0; i < Math.Min(lines.Count, CommandsWithinLines); i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                continue;
            }

            foreach (var command in Commands)
            {
                if (line == command || line.StartsWith(command + " ", StringComparison.Ordinal))
                {
                    found.Add(command);
                }
            }
        }

        return Commands.Where(command => !found.Contains(command)).ToList();
    }

    /// <summary>Every relative link of a Markdown file whose file, or heading anchor, does not exist.</summary>
    private static List<string> BrokenLinks(string file)
    {
        var broken = new List<string>();
        var name = Path.GetFileName(file);
        foreach (var link in RelativeLinks(File.ReadAllText(file)))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? link : link[..hash];
            var anchor = hash < 0 ? null : Uri.UnescapeDataString(link[(hash + 1)..]);
            var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));

            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{name}: {link} (no {target})");
            }
            else if (anchor is not null && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(File.ReadAllText(target)).Contains(anchor))
            {
                broken.Add($"{name}: {link} (no heading #{anchor} in {Path.GetFileName(target)})");
            }
        }

        return broken;
    }

    /// <summary>The targets of the Markdown links outside code that are neither web addresses nor mail.</summary>
    private static IEnumerable<string> RelativeLinks(string markdown) =>
        LinkTarget().Matches(InlineCode().Replace(WithoutCodeBlocks(markdown), ""))
            .Select(match => match.Groups["target"].Value)
            .Where(target => !UriScheme().IsMatch(target));

    /// <summary>The anchors GitHub gives the headings of a Markdown file (outside code blocks).</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in WithoutCodeBlocks(markdown).Split('\n'))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var text = MarkdownLink().Replace(heading.Groups["text"].Value.Trim(), "${text}");
            var slug = new StringBuilder();
            foreach (var c in text.ToLowerInvariant())
            {
                if (c == ' ')
                {
                    slug.Append('-');
                }
                else if (c is '-' or '_' || char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                {
                    slug.Append(c);
                }
            }

            var anchor = slug.ToString();
            var seen = counts.GetValueOrDefault(anchor);
            counts[anchor] = seen + 1;
            anchors.Add(seen == 0 ? anchor : $"{anchor}-{seen}");
        }

        return anchors;
    }

    private static string WithoutCodeBlocks(string markdown)
    {
        var kept = new StringBuilder();
        var inCode = false;
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString();
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
