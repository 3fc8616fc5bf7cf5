using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>azure.yaml and the Bicep sources: the parts the compiled template cannot show.</summary>
public sealed partial class DeployFilesTests
{
    private static string Root => CompiledTemplate.FindRepositoryRoot();

    [Fact]
    public void Azd_up_deploys_the_code_before_the_provision_that_adds_the_event_grid_subscription()
    {
        var steps = File.ReadAllLines(Path.Combine(Root, "azure.yaml"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- azd:", StringComparison.Ordinal))
            .Select(line => line["- azd:".Length..].Trim())
            .ToList();

        Assert.Equal(
            [
                "env set PIPELINE_CODE_DEPLOYED false",
                "provision",
                "deploy --all",
                "env set PIPELINE_CODE_DEPLOYED true",
                "provision",
                // So a later `azd provision` deploys the app module again (the second pass leaves it out).
                "env set PIPELINE_CODE_DEPLOYED false",
            ],
            steps);

        var parameters = File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json"));
        Assert.Contains("\"codeDeployed\": { \"value\": \"${PIPELINE_CODE_DEPLOYED=false}\" }", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_lint_reports_no_warning_and_no_error()
    {
        var (exitCode, output) = CompiledTemplate.RunBicep(Root, "lint", Path.Combine(Root, "infra", "main.bicep"));

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_a_function_app()
    {
        var yaml = File.ReadAllText(Path.Combine(Root, "azure.yaml"));

        Assert.Contains("project: ./src/FunctionsPipeline.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("language: dotnet", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_sources_use_no_registry_modules_and_every_module_has_a_header_comment()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
            Assert.True(text.StartsWith("// ", StringComparison.Ordinal), $"{file} has no header comment");
        }
    }

    [Fact]
    public void Azd_runs_npm_ci_at_the_repository_root_before_it_builds_and_packages_the_functions()
    {
        var yaml = YamlScalars(File.ReadAllLines(Path.Combine(Root, "azure.yaml")));
        var project = yaml["services.functions.project"];

        // azd deploys a service as restore -> build -> package -> publish, and CheckReportFonts fails
        // `dotnet build` without the npm fonts: the hook must run before the build, hence before packaging.
        foreach (var (platform, shell) in new[] { ("posix", "sh"), ("windows", "pwsh") })
        {
            var prefix = $"services.functions.hooks.prebuild.{platform}";
            Assert.Equal(shell, yaml[$"{prefix}.shell"]);
            var run = yaml[$"{prefix}.run"];
            Assert.Contains("npm ci", run, StringComparison.Ordinal);

            // Service hooks start in the project folder; the hook must move to the folder with package.json.
            var move = HookDirectoryChange().Match(run);
            Assert.True(move.Success, $"{platform} hook does not change to the repository root: {run}");
            Assert.True(move.Index < run.IndexOf("npm ci", StringComparison.Ordinal), $"{platform} hook runs npm ci before changing folder");
            var target = Path.GetFullPath(Path.Combine(Root, project, move.Groups["dir"].Value));
            Assert.Equal(Path.TrimEndingDirectorySeparator(Root), Path.TrimEndingDirectorySeparator(target));
            Assert.True(File.Exists(Path.Combine(target, "package-lock.json")), "npm ci needs package-lock.json there");
        }

        Assert.True(Directory.Exists(Path.Combine(Root, project)), $"azure.yaml project {project} does not exist");
        // The font items and their check live in src/ReportFonts.targets, which the Functions project imports.
        Assert.Contains(@"<Import Project=""..\ReportFonts.targets"" />", File.ReadAllText(Path.Combine(Root, project, "FunctionsPipeline.Functions.csproj")), StringComparison.Ordinal);
        Assert.Contains("Target Name=\"CheckReportFonts\" BeforeTargets=\"Build\"", File.ReadAllText(Path.Combine(Root, "src", "ReportFonts.targets")), StringComparison.Ordinal);
        Assert.False(yaml.ContainsKey("services.functions.hooks.prepackage.posix.run"), "npm ci would run twice");
    }

    [Fact]
    public void Main_parameters_file_passes_only_parameters_main_bicep_declares()
    {
        // ARM rejects a deployment that passes a parameter the template does not declare.
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = CompiledTemplate.Instance.Root["parameters"]!.AsObject();

        Assert.NotEmpty(file);
        Assert.All(file, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"main.bicep declares no parameter {parameter.Key}"));
    }

    [Fact]
    public void Deploy_docs_name_node_and_the_region_checks_and_no_longer_mention_the_static_website_script()
    {
        var page = Path.Combine(Root, "docs", "deploy.md");
        Assert.True(File.Exists(page), "docs/deploy.md is missing");
        var deploy = File.ReadAllText(page);
        Assert.StartsWith("# Deploy", deploy, StringComparison.Ordinal);
        var infraReadme = File.ReadAllText(Path.Combine(Root, "infra", "README.md"));

        foreach (var (name, text) in new[] { ("docs/deploy.md", deploy), ("infra/README.md", infraReadme) })
        {
            Assert.Contains("Node.js", text, StringComparison.Ordinal);
            Assert.Contains("npm ci", text, StringComparison.Ordinal);
            Assert.Contains("list-flexconsumption-locations", text, StringComparison.Ordinal);
            Assert.Contains("list-flexconsumption-runtimes", text, StringComparison.Ordinal);
            Assert.Contains("403", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PIPELINE_STATIC_WEBSITE_BY_SCRIPT", text, StringComparison.Ordinal);
            Assert.DoesNotContain("service-properties update", text, StringComparison.Ordinal);
            Assert.DoesNotContain("staticWebsite.bicep", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Scalar values of a block-style YAML mapping by dotted path (e.g. services.functions.project).
    /// Enough for azure.yaml: comments, nested mappings, and sequences (whose items are skipped).
    /// </summary>
    private static Dictionary<string, string> YamlScalars(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#') || content.StartsWith('-'))
            {
                continue;
            }

            var indent = line.Length - content.Length;
            var colon = content.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            while (path.Count > 0 && path[^1].Indent >= indent)
            {
                path.RemoveAt(path.Count - 1);
            }

            var key = content[..colon].Trim();
            var value = content[(colon + 1)..].Trim();
            path.Add((indent, key));
            if (value.Length > 0)
            {
                values[string.Join('.', path.Select(p => p.Key))] = value.Trim('"', '\'');
            }
        }

        return values;
    }

    [GeneratedRegex(@"(?:\bcd|Set-Location)\s+(?<dir>[^\s;&]+)")]
    private static partial Regex HookDirectoryChange();
}
