using System.Text.Json.Nodes;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// The trust the review rests on, as deployed (the compiled ARM JSON): reviewers sign in with Microsoft Entra ID through
/// App Service authentication, decision records are write-once for years, every blob access is logged and kept, review is
/// the default, and the deploying principal cannot also be the reviewer.
/// </summary>
public sealed class ReviewTrustTemplateTests
{
    private static CompiledTemplate Template => CompiledTemplate.Instance;

    private static Dictionary<string, string> AppSettings() =>
        Template.Single("Microsoft.Web/sites")["properties.siteConfig.appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());

    [Fact]
    public void The_console_sign_in_is_entra_id_through_app_service_authentication_and_leaves_the_event_grid_webhook_reachable()
    {
        var auth = Template.Single("Microsoft.Web/sites/config");
        Assert.Contains("authsettingsV2", auth["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(auth["properties.platform.enabled"]!.GetValue<bool>());
        Assert.True(auth["properties.globalValidation.requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", auth["properties.globalValidation.unauthenticatedClientAction"]!.GetValue<string>());
        Assert.Contains("/runtime/webhooks/blobs", auth["properties.globalValidation.excludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.True(auth["properties.identityProviders.azureActiveDirectory.enabled"]!.GetValue<bool>());
        Assert.Contains("/v2.0", auth["properties.identityProviders.azureActiveDirectory.registration.openIdIssuer"]!.GetValue<string>(), StringComparison.Ordinal);

        // Only when an app registration is given; without one the console refuses every request.
        var module = Template.Resources.Single(r => r.Symbol == "reviewConsoleAuth");
        Assert.Contains("not(empty(parameters('reviewerAppClientId')))", module.Json["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("functionApp", module.Json["dependsOn"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("", Template.Root["parameters"]!["reviewerAppClientId"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void The_app_trusts_only_the_platform_principal_requires_the_reviewer_role_and_refuses_blob_decisions()
    {
        var settings = AppSettings();

        Assert.Equal("AppServiceAuthentication", settings["Review__Identity"]);
        Assert.Equal("false", settings["Review__AllowBlobDecisions"]);
        Assert.Equal("[parameters('reviewerRole')]", settings["Review__ReviewerRole"]);
        Assert.Equal("Reviewer", Template.Root["parameters"]!["reviewerRole"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void Decision_records_are_write_once_for_ten_years_by_default()
    {
        var audit = Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Single(c => c["copy"] is null);
        Assert.EndsWith("'audit')]", audit["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(audit["properties.immutableStorageWithVersioning.enabled"]!.GetValue<bool>());
        var policy = Template.Single("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        Assert.Equal("[parameters('auditRetentionDays')]", policy["properties.immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        Assert.False(policy["properties.allowProtectedAppendWrites"]!.GetValue<bool>());
        Assert.Equal(3650, Template.Root["parameters"]!["auditRetentionDays"]!["defaultValue"]!.GetValue<int>());
        // Version-level WORM needs versioning on the account's blob service.
        Assert.True(Template.Single("Microsoft.Storage/storageAccounts/blobServices")["properties.isVersioningEnabled"]!.GetValue<bool>());
        // No lifecycle rule deletes old versions of audit records.
        var prefixes = Template.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties.policy.rules"]!.AsArray()
            .SelectMany(rule => rule!["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.DoesNotContain(prefixes, p => "audit/".StartsWith(p, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_blob_read_write_and_delete_is_logged_to_log_analytics_kept_at_least_180_days()
    {
        var diagnostics = Template.Single("Microsoft.Insights/diagnosticSettings");
        var categories = diagnostics["properties.logs"]!.AsArray().Where(l => l!["enabled"]!.GetValue<bool>()).Select(l => l!["category"]!.GetValue<string>());
        Assert.Equal(["StorageRead", "StorageWrite", "StorageDelete"], categories);
        Assert.Contains("blobServices", diagnostics["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", diagnostics["properties.workspaceId"]!.GetValue<string>());

        var workspace = Template.Single("Microsoft.OperationalInsights/workspaces");
        Assert.Equal("[parameters('retentionInDays')]", workspace["properties.retentionInDays"]!.GetValue<string>());
        var retention = workspace.Scope.Template["parameters"]!["retentionInDays"]!;
        Assert.True(retention["minValue"]!.GetValue<int>() >= 180);
        Assert.True(retention["defaultValue"]!.GetValue<int>() >= 180);
    }

    [Fact]
    public void The_deploying_principal_cannot_be_the_reviewer()
    {
        var reviewer = Template.Root["variables"]!["reviewerPrincipal"]!.GetValue<string>();

        Assert.Contains("equals(parameters('reviewerPrincipalId'), deployer().objectId)", reviewer, StringComparison.Ordinal);
        Assert.Contains("fail(", reviewer, StringComparison.Ordinal);
        var roles = Template.Resources.Single(r => r.Symbol == "roles");
        Assert.Equal("[variables('reviewerPrincipal')]", roles.Json["properties"]!["parameters"]!["reviewerPrincipalId"]!["value"]!.GetValue<string>());
    }
}
