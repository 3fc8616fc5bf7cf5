using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled to ARM JSON by the pinned Bicep CLI from the NuGet cache (restored by
/// .ci/bicep.sh), flattened so tests can look at every resource of every module.
/// Compiled fresh once per test run, so the tests never read a stale artifact.
/// </summary>
public sealed partial class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Shared = new(Compile);

    private CompiledTemplate(string repositoryRoot, JsonObject root)
    {
        RepositoryRoot = repositoryRoot;
        Root = root;
        var resources = new List<TemplateResource>();
        Collect(new TemplateScope(root, "main", Arguments: null, Parent: null), resources);
        Resources = resources;
    }

    public static CompiledTemplate Instance => Shared.Value;

    public string RepositoryRoot { get; }

    public JsonObject Root { get; }

    /// <summary>Every resource declared (not <c>existing</c>) in main and in all nested module templates.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    public IReadOnlyList<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public TemplateResource Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"expected exactly one {type}, found {matches.Count}");
        return matches[0];
    }

    private static void Collect(TemplateScope scope, List<TemplateResource> into)
    {
        foreach (var (symbol, resource) in EnumerateResources(scope.Template))
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            var type = resource["type"]!.GetValue<string>();
            into.Add(new TemplateResource(symbol, type, resource, scope));
            if (type == "Microsoft.Resources/deployments")
            {
                var properties = resource["properties"]!.AsObject();
                var nested = new TemplateScope(
                    properties["template"]!.AsObject(),
                    symbol ?? "(unnamed module)",
                    properties["parameters"]?.AsObject(),
                    scope);
                Collect(nested, into);
            }
        }
    }

    private static IEnumerable<(string? Symbol, JsonObject Resource)> EnumerateResources(JsonObject template)
    {
        // languageVersion 2.0 keys resources by symbolic name; 1.0 uses an array.
        switch (template["resources"])
        {
            case JsonObject bySymbol:
                foreach (var (symbol, node) in bySymbol)
                {
                    yield return (symbol, node!.AsObject());
                }

                break;
            case JsonArray list:
                foreach (var node in list)
                {
                    yield return (null, node!.AsObject());
                }

                break;
        }
    }

    private static CompiledTemplate Compile()
    {
        var root = FindRepositoryRoot();
        var outputDirectory = Directory.CreateTempSubdirectory("fp-bicep-");
        try
        {
            var output = Path.Combine(outputDirectory.FullName, "main.json");
            var (exitCode, diagnostics) = RunBicep(root, "build", Path.Combine(root, "infra", "main.bicep"), "--outfile", output);
            if (exitCode != 0 || diagnostics.Length > 0)
            {
                throw new InvalidOperationException(
                    $"bicep build infra/main.bicep failed (exit {exitCode}):{Environment.NewLine}{diagnostics}");
            }

            var json = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
            return new CompiledTemplate(root, json);
        }
        finally
        {
            outputDirectory.Delete(recursive: true);
        }
    }

    /// <summary>Runs the pinned Bicep CLI; returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) RunBicep(string repositoryRoot, params string[] arguments)
    {
        var bicep = FindBicep(repositoryRoot);
        var start = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bicep}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes");
        }

        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "main.bicep")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no infra/main.bicep above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// BICEP_PATH if set; otherwise tools/bicep of the version pinned in infra/tools/BicepCli.csproj,
    /// in the NuGet global packages folder (NUGET_PACKAGES or ~/.nuget/packages).
    /// </summary>
    private static string FindBicep(string repositoryRoot)
    {
        var explicitPath = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new FileNotFoundException($"BICEP_PATH points to {explicitPath}, which does not exist");
        }

        var toolsProject = Path.Combine(repositoryRoot, "infra", "tools", "BicepCli.csproj");
        var match = PinnedVersion().Match(File.ReadAllText(toolsProject));
        if (!match.Success)
        {
            throw new InvalidOperationException($"no exact Azure.Bicep.CommandLine.linux-x64 version in {toolsProject}");
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", match.Groups[1].Value, "tools", "bicep");
        return File.Exists(bicep)
            ? bicep
            : throw new FileNotFoundException(
                $"Bicep CLI {match.Groups[1].Value} not found at {bicep}. Run .ci/bicep.sh first " +
                "(it restores infra/tools/BicepCli.csproj from NuGet), or set BICEP_PATH.");
    }

    [GeneratedRegex("""Include="Azure\.Bicep\.CommandLine\.linux-x64"\s+Version="\[([^\]]+)\]""")]
    private static partial Regex PinnedVersion();
}

/// <summary>One template (main or a module) with the arguments its module passed in.</summary>
public sealed record TemplateScope(JsonObject Template, string Name, JsonObject? Arguments, TemplateScope? Parent);

/// <summary>A resource as compiled, with the scope needed to resolve its parameters and variables.</summary>
public sealed partial record TemplateResource(string? Symbol, string Type, JsonObject Json, TemplateScope Scope)
{
    public JsonNode? this[string path]
    {
        get
        {
            JsonNode? node = Json;
            foreach (var part in path.Split('.'))
            {
                node = node?[part];
            }

            return node;
        }
    }

    /// <summary>
    /// The value of a property, following plain <c>[parameters('x')]</c> and <c>[variables('x')]</c>
    /// (optionally <c>.member</c>) references to module arguments, parameter defaults and variables.
    /// Anything else (a runtime expression) is returned as written.
    /// </summary>
    public JsonNode? Resolve(string path) => Resolve(this[path], Scope);

    public string? ResolveString(string path) => Resolve(path)?.GetValue<string>();

    public static JsonNode? Resolve(JsonNode? node, TemplateScope scope)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return node;
        }

        var reference = SimpleReference().Match(text);
        if (!reference.Success)
        {
            return node;
        }

        var name = reference.Groups["name"].Value;
        var member = reference.Groups["member"].Success ? reference.Groups["member"].Value : null;
        JsonNode? resolved;
        TemplateScope resolvedIn;
        if (reference.Groups["kind"].Value == "parameters")
        {
            if (scope.Arguments?[name] is JsonObject argument && scope.Parent is not null)
            {
                resolved = argument["value"];
                resolvedIn = scope.Parent;
            }
            else
            {
                resolved = scope.Template["parameters"]?[name]?["defaultValue"];
                resolvedIn = scope;
            }
        }
        else
        {
            resolved = scope.Template["variables"]?[name];
            resolvedIn = scope;
        }

        resolved = Resolve(resolved, resolvedIn);
        return member is null ? resolved : Resolve(resolved?[member], resolvedIn);
    }

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[^']+)'\)(\.(?<member>\w+))?\]$")]
    private static partial Regex SimpleReference();
}
