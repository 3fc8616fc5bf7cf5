namespace FunctionsPipeline.Tests.Infra;

/// <summary>azure.yaml and the Bicep sources: the parts the compiled template cannot show.</summary>
public sealed class DeployFilesTests
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
}
