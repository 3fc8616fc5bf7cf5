using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// The first deploy that does not stop half way, and the hardening of issue 28, on the compiled ARM JSON, azure.yaml and
/// the preprovision hook run for real (with a stand-in <c>az</c>).
/// </summary>
public sealed class InfraHardeningTests
{
    private static CompiledTemplate Template => CompiledTemplate.Instance;

    private static string Root => CompiledTemplate.FindRepositoryRoot();

    [Fact]
    public void The_second_provision_of_azd_up_leaves_the_app_alone_and_only_writes_the_key_and_the_subscriptions()
    {
        var app = Template.Resources.Single(r => r.Symbol == "functionApp");
        var key = Template.Resources.Single(r => r.Symbol == "hostKey");
        var subscriptions = Template.Resources.Single(r => r.Symbol == "eventGridSubscription");

        Assert.Equal("[not(equals(parameters('codeDeployed'), 'true'))]", app["condition"]!.GetValue<string>());
        Assert.Equal("[equals(parameters('codeDeployed'), 'true')]", key["condition"]!.GetValue<string>());
        Assert.Equal("[equals(parameters('codeDeployed'), 'true')]", subscriptions["condition"]!.GetValue<string>());
        // Neither names the app module: in that pass it is not deployed (a reference to it would fail the deployment).
        foreach (var module in new[] { key, subscriptions })
        {
            Assert.DoesNotContain("functionApp", module["dependsOn"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [], StringComparer.Ordinal);
            Assert.DoesNotContain("reference('functionApp')", module.Json.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("reference('functionApp')", Template.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_up_checks_the_region_for_dotnet_10_before_every_provision()
    {
        var yaml = File.ReadAllLines(Path.Combine(Root, "azure.yaml"));
        var hooks = yaml.SkipWhile(l => l != "hooks:").Skip(1).TakeWhile(l => l.StartsWith(' ') || l.Length == 0).Select(l => l.Trim()).ToList();

        Assert.Equal(["preprovision:", "posix:", "shell: sh", "run: ./infra/hooks/preprovision.sh", "windows:", "shell: pwsh", "run: ./infra/hooks/preprovision.ps1"],
            hooks.Where(l => l.Length > 0));
        foreach (var script in new[] { "preprovision.sh", "preprovision.ps1" })
        {
            var text = File.ReadAllText(Path.Combine(Root, "infra", "hooks", script));
            Assert.Contains("az functionapp list-flexconsumption-runtimes --location", text, StringComparison.Ordinal);
            Assert.Contains("--runtime dotnet-isolated", text, StringComparison.Ordinal);
            Assert.Contains("'10.0'", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("8.0\n9.0\n", 1)]
    [InlineData("8.0\n9.0\n10.0\n", 0)]
    [InlineData("10.0\r\n", 0)]
    [InlineData("", 1)]
    public async Task The_preprovision_hook_stops_with_a_message_naming_the_region_when_it_lacks_dotnet_10(string offered, int expectedExit)
    {
        var bin = Directory.CreateTempSubdirectory("fp-fake-az-");
        try
        {
            // A stand-in az that answers list-flexconsumption-runtimes as the real one does with --query "[].version" -o tsv.
            var fake = Path.Combine(bin.FullName, "az");
            await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho \"$@\" > \"{bin.FullName}/args\"\nprintf '{offered.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}'\n");
            Assert.False(OperatingSystem.IsWindows(), "the hook test runs the POSIX hook with /bin/sh");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (exit, output) = await RunHookAsync(bin.FullName, "southindia");

            Assert.True(expectedExit == exit, output);
            Assert.Contains("functionapp list-flexconsumption-runtimes --location southindia --runtime dotnet-isolated",
                await File.ReadAllTextAsync(Path.Combine(bin.FullName, "args")), StringComparison.Ordinal);
            if (expectedExit == 1)
            {
                Assert.Contains("region southindia does not offer .NET 10", output, StringComparison.Ordinal);
                Assert.Contains("azd env set AZURE_LOCATION", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_azure_cli_the_hook_says_so_and_lets_azd_go_on()
    {
        var empty = Directory.CreateTempSubdirectory("fp-no-az-");
        try
        {
            var (exit, output) = await RunHookAsync(empty.FullName, "eastasia", pathHasSystem: false);

            Assert.True(exit == 0, output);
            Assert.Contains("Azure CLI (az) is not installed", output, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Log_analytics_takes_no_shared_key_and_kudu_needs_tls_1_2()
    {
        var workspace = Template.Single("Microsoft.OperationalInsights/workspaces");
        Assert.True(workspace["properties.features.disableLocalAuth"]!.GetValue<bool>());

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("1.2", site["properties.siteConfig.scmMinTlsVersion"]!.GetValue<string>());
        Assert.Equal("1.2", site["properties.siteConfig.minTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Webhook_secrets_are_a_key_vault_secret_read_by_the_apps_identity_through_a_reference()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults");
        Assert.True(vault["properties.enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Null(vault["properties.accessPolicies"]);

        var secret = Template.Single("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[parameters('notificationWebhooks')]", secret["properties.value"]!.GetValue<string>());
        Assert.Equal("[not(empty(parameters('notificationWebhooks')))]", secret["condition"]!.GetValue<string>());
        Assert.Equal("securestring", secret.Scope.Template["parameters"]!["notificationWebhooks"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('notificationWebhooks')]", secret.Scope.Arguments!["notificationWebhooks"]!["value"]!.GetValue<string>());

        var site = Template.Single("Microsoft.Web/sites");
        var setting = site["properties.siteConfig.appSettings"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "Notifications__WebhookList")!;
        Assert.Equal("[parameters('notificationWebhooksReference')]", setting["value"]!.GetValue<string>());
        Assert.Equal("[if(empty(parameters('notificationWebhooks')), createObject('value', ''), createObject('value', reference('keyVault').outputs.webhooksReference.value))]",
            site.Scope.Arguments!["notificationWebhooksReference"]!.GetValue<string>());
        var reference = vault.Scope.Template["outputs"]!["webhooksReference"]!["value"]!.GetValue<string>();
        Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName={0};SecretName={1})'", reference, StringComparison.Ordinal);
        // The platform resolves the reference with the app's user-assigned identity, which holds Key Vault Secrets User on the vault.
        Assert.Equal("[parameters('identityId')]", site["properties.keyVaultReferenceIdentity"]!.GetValue<string>());
        var reads = Template.OfType("Microsoft.Authorization/roleAssignments").Single(a => a.Scope.Name == "keyVault");
        Assert.Equal("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('keyVaultSecretsUser'))]", reads["properties.roleDefinitionId"]!.GetValue<string>());
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", TemplateResource.Resolve(JsonValue.Create("[variables('keyVaultSecretsUser')]"), reads.Scope)!.GetValue<string>());
        Assert.Equal("[reference('appIdentity').outputs.principalId.value]", reads.ResolveString("properties.principalId"));
        // Nowhere else does the list go: not into the app module, not into an output.
        Assert.Null(site.Scope.Template["parameters"]!["notificationWebhooks"]);
        Assert.DoesNotContain("notificationWebhooks')", Template.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_docs_explain_the_second_provision_the_region_check_the_azd_versions_and_give_the_fallback_in_one_line()
    {
        var deploy = File.ReadAllText(Path.Combine(Root, "docs", "deploy.md"));

        Assert.Contains("azure-functions-host #11379", deploy, StringComparison.Ordinal);
        Assert.Contains("infra/hooks/preprovision.sh", deploy, StringComparison.Ordinal);
        Assert.Contains("azd versions", deploy, StringComparison.Ordinal);
        const string fallback = "azd env set PIPELINE_CODE_DEPLOYED true && azd provision && azd env set PIPELINE_CODE_DEPLOYED false";
        Assert.Contains(deploy.Split('\n'), line => line.Trim() == fallback);
        Assert.Contains("Key Vault", deploy, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunHookAsync(string binDirectory, string location, bool pathHasSystem = true)
    {
        var start = new ProcessStartInfo("/bin/sh", [Path.Combine(Root, "infra", "hooks", "preprovision.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment["AZURE_LOCATION"] = location;
        start.Environment["PATH"] = pathHasSystem ? $"{binDirectory}:/usr/bin:/bin" : binDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
