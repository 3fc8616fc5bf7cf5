using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// Security-relevant and wiring properties of the compiled infra/main.bicep (see infra/README.md).
/// </summary>
public sealed partial class ArmTemplateTests
{
    private static CompiledTemplate Template => CompiledTemplate.Instance;

    [Fact]
    public void Storage_account_refuses_shared_keys_and_anonymous_blob_access()
    {
        var account = Template.Single("Microsoft.Storage/storageAccounts");

        Assert.False(account["properties.allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties.allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void No_storage_account_anywhere_allows_shared_keys()
    {
        // Azure Policy "Storage accounts should prevent shared key access" denies any account that
        // allows them, including ones a module would create for itself.
        var accounts = Template.OfType("Microsoft.Storage/storageAccounts");

        Assert.NotEmpty(accounts);
        Assert.All(accounts, account => Assert.False(
            account["properties.allowSharedKeyAccess"]?.GetValue<bool>() ?? true,
            $"{account.Scope.Name}/{account.Symbol} must set allowSharedKeyAccess: false"));
        Assert.DoesNotMatch(SharedKeyAllowed(), Template.Root.ToJsonString());
    }

    [Fact]
    public void No_deployment_script_anywhere()
    {
        // Deployment scripts mount a storage account with its access key: refused where shared keys are.
        var text = Template.Root.ToJsonString();

        Assert.Empty(Template.OfType("Microsoft.Resources/deploymentScripts"));
        Assert.DoesNotContain("deploymentScripts", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Microsoft.ContainerInstance", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Static_website_is_switched_on_by_the_blob_service_resource()
    {
        var blobService = Template.Single("Microsoft.Storage/storageAccounts/blobServices");

        Assert.True(blobService["properties.staticWebsite.enabled"]!.GetValue<bool>());
        Assert.Equal("index.html", blobService.ResolveString("properties.staticWebsite.indexDocument"));
        Assert.Equal("404.html", blobService.ResolveString("properties.staticWebsite.errorDocument404Path"));
        // blobServices accepts the property from API version 2025-08-01 on.
        var apiVersion = blobService["apiVersion"]!.GetValue<string>();
        Assert.True(string.CompareOrdinal(apiVersion, "2025-08-01") >= 0, $"blobServices API {apiVersion} has no staticWebsite");
    }

    [Fact]
    public void Location_is_restricted_to_flex_consumption_regions()
    {
        var allowed = Strings(Template.Root["parameters"]!["location"]!["allowedValues"]);

        Assert.NotEmpty(allowed);
        Assert.Equal(allowed.Count, allowed.Distinct(StringComparer.Ordinal).Count());
        Assert.All(allowed, region => Assert.Matches("^[a-z0-9]+$", region));
        // Regions Microsoft's Flex Consumption azd samples allow...
        Assert.Subset(allowed.ToHashSet(), new HashSet<string> { "eastus", "northeurope", "eastasia", "southeastasia" });
        // ...and none of the canary, sovereign or Flex-less ones.
        Assert.DoesNotContain("eastus2euap", allowed);
        Assert.DoesNotContain("chinaeast2", allowed);
        Assert.DoesNotContain("usgovvirginia", allowed);
        Assert.DoesNotContain("westindia", allowed);
        Assert.Equal("[parameters('location')]", Template.Resources.Single(r => r.Symbol == "rg")["location"]!.GetValue<string>());
    }

    [Fact]
    public void Function_app_identity_gets_the_table_role_the_host_needs()
    {
        var assignment = Assert.Single(
            Template.OfType("Microsoft.Authorization/roleAssignments"),
            a => RoleDefinitionGuid(a) == "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");

        Assert.Equal("function app", Principal(assignment));
        Assert.Equal("storage account", Scope(assignment));
        Assert.Equal("ServicePrincipal", assignment.ResolveString("properties.principalType"));
    }

    [Fact]
    public void Storage_account_requires_https_and_tls_1_2()
    {
        var account = Template.Single("Microsoft.Storage/storageAccounts");

        Assert.True(account["properties.supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", account["properties.minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Blob_versioning_and_blob_and_container_soft_delete_are_on()
    {
        var blobService = Template.Single("Microsoft.Storage/storageAccounts/blobServices");

        Assert.True(blobService["properties.isVersioningEnabled"]!.GetValue<bool>());
        Assert.True(blobService["properties.deleteRetentionPolicy.enabled"]!.GetValue<bool>());
        Assert.True(blobService["properties.containerDeleteRetentionPolicy.enabled"]!.GetValue<bool>());
        Assert.True(blobService.Resolve("properties.deleteRetentionPolicy.days")!.GetValue<int>() >= 7);
        Assert.True(blobService.Resolve("properties.containerDeleteRetentionPolicy.days")!.GetValue<int>() >= 7);
    }

    [Fact]
    public void Old_versions_expire_only_outside_uploads()
    {
        var policy = Template.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = policy["properties.policy.rules"]!.AsArray();

        foreach (var rule in rules)
        {
            var prefixes = Strings(rule!["definition"]!["filters"]!["prefixMatch"]);
            Assert.NotEmpty(prefixes);
            Assert.DoesNotContain(prefixes, p => "uploads/".StartsWith(p, StringComparison.Ordinal));
            Assert.Null(rule["definition"]!["actions"]!["baseBlob"]);
        }
    }

    [Fact]
    public void Uploads_and_results_containers_exist_and_every_container_is_private()
    {
        var containers = ContainerLoop();
        var names = ContainerNames(containers);

        Assert.Contains("uploads", names);
        Assert.Contains("results", names);
        Assert.All(Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c["properties.publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void Every_container_and_queue_the_app_uses_is_declared_by_infra()
    {
        // The app's own storage, as the app names it by default (StorageInventory, what fp demo prints); the hosts create theirs.
        using var services = new ServiceCollection().AddLogging()
            .AddPipeline(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).BuildServiceProvider();
        var used = StorageInventory.From(services).Resources.Where(r => !r.HostOwned).ToList();
        var containers = ContainerNames(ContainerLoop()).Append("audit").ToHashSet(StringComparer.Ordinal);
        var queues = Template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            // The queue's name is the storage module's parameter (its full name is a format() the resolver does not evaluate).
            .Select(q => TemplateResource.Resolve(JsonValue.Create("[parameters('notificationsQueueName')]"), q.Scope)!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

        var undeclared = used.Where(r => r.Kind == StorageKind.Queue
                ? !queues.Contains(r.Name)
                : r.Public ? r.Name != "$web" : !containers.Contains(r.Name))
            .Select(r => r.Name).ToList();

        Assert.True(undeclared.Count == 0, $"used by the app but not declared in infra/: {string.Join(", ", undeclared)} (infra declares containers {string.Join(", ", containers)}; queues {string.Join(", ", queues)})");
    }

    [Fact]
    public void Function_app_settings_hold_no_connection_string_key_or_sas()
    {
        var settings = AppSettings();

        foreach (var (name, value) in settings)
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DefaultEndpointsProtocol", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("sig=", value, StringComparison.OrdinalIgnoreCase);
            // The only *CONNECTION_STRING is Application Insights', whose key cannot ingest (local auth off).
            if (name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
                || name.Contains("CONNECTION_STRING", StringComparison.Ordinal))
            {
                Assert.Equal("APPLICATIONINSIGHTS_CONNECTION_STRING", name);
            }
        }

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("PipelineStorage", settings.Keys);
    }

    [Fact]
    public void Whole_template_never_reads_storage_account_keys()
    {
        var text = Template.Root.ToJsonString();

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listServiceSas", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Function_app_connects_to_storage_with_its_managed_identity()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", settings["PipelineStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", settings["PipelineStorage__clientId"]);
        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("[parameters('blobEndpoint')]", settings["PipelineStorage__blobServiceUri"]);
        Assert.Equal("[parameters('queueEndpoint')]", settings["PipelineStorage__queueServiceUri"]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Equal("[parameters('siteBaseUrl')]", settings["Publishing__SiteBaseUrl"]);
        Assert.Equal("None", settings["Publishing__ContainerPublicAccess"]);

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site["identity.type"]!.GetValue<string>());
        Assert.Equal(
            "[reference('appIdentity').outputs.clientId.value]",
            TemplateResource.Resolve(JsonValue.Create("[parameters('identityClientId')]"), site.Scope)!.GetValue<string>());
    }

    [Fact]
    public void Application_insights_accepts_only_entra_id_telemetry()
    {
        var appInsights = Template.Single("Microsoft.Insights/components");

        Assert.True(appInsights["properties.DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan["sku.name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku.tier"]!.GetValue<string>());

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        Assert.True(site["properties.httpsOnly"]!.GetValue<bool>());
        Assert.Equal("dotnet-isolated", site["properties.functionAppConfig.runtime.name"]!.GetValue<string>());
        Assert.Equal("10.0", site["properties.functionAppConfig.runtime.version"]!.GetValue<string>());
        // azd finds the app to deploy `functions` (azure.yaml) to through this tag.
        Assert.Contains("createObject('azd-service-name', 'functions')", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);

        var deploymentStorage = site["properties.functionAppConfig.deployment.storage"]!;
        Assert.Equal("blobContainer", deploymentStorage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", deploymentStorage["authentication"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Role_assignments_are_exactly_the_expected_roles_on_the_expected_scopes()
    {
        var actual = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(assignment => $"{Principal(assignment)} | {RoleName(RoleDefinitionGuid(assignment))} | {Scope(assignment)}")
            .Order(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            "deploying user | Storage Blob Data Contributor | container uploads",
            "deploying user | Storage Blob Data Reader | container results",
            "reviewer | Storage Blob Data Contributor | container approvals",
            "reviewer | Storage Blob Data Contributor | container withdrawals",
            "reviewer | Storage Blob Data Reader | container previews",
            "reviewer | Storage Blob Data Reader | container results",
            "event grid topic | Storage Blob Data Contributor | container eventgrid-deadletter",
            "function app | Monitoring Metrics Publisher | application insights",
            "function app | Key Vault Secrets User | key vault",
            "function app | Storage Blob Data Owner | storage account",
            "function app | Storage Queue Data Contributor | storage account",
            "function app | Storage Table Data Contributor | storage account",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
    }

    [Fact]
    public void Role_assignments_on_storage_target_the_pipeline_account()
    {
        foreach (var assignment in Template.OfType("Microsoft.Authorization/roleAssignments"))
        {
            var scope = assignment["scope"]!.GetValue<string>();
            if (!scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal))
            {
                continue;
            }

            var accountName = TemplateResource.Resolve(JsonValue.Create("[parameters('storageAccountName')]"), assignment.Scope);
            Assert.Equal("[reference('storage').outputs.name.value]", accountName!.GetValue<string>());
        }
    }

    [Fact]
    public void Event_grid_subscription_sends_only_finished_uploads_to_the_blob_trigger_webhook()
    {
        var subscription = Template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(subscription.Resolve("properties.filter.includedEventTypes")));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", subscription["properties.filter.subjectBeginsWith"]!.GetValue<string>());

        var advanced = Assert.Single(subscription["properties.filter.advancedFilters"]!.AsArray())!;
        Assert.Equal("StringIn", advanced["operatorType"]!.GetValue<string>());
        Assert.Equal("data.api", advanced["key"]!.GetValue<string>());
        Assert.Equal(
            ["CopyBlob", "FlushWithClose", "PutBlob", "PutBlockList"],
            Strings(TemplateResource.Resolve(advanced["values"], subscription.Scope)).Order(StringComparer.Ordinal));

        Assert.Equal("WebHook", subscription["properties.destination.endpointType"]!.GetValue<string>());
        var endpoint = subscription["properties.destination.properties.endpointUrl"]!.GetValue<string>();
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'", endpoint, StringComparison.Ordinal);
        // One subscription module per blob trigger, fed from one list: uploads/ still goes to ProcessUpload.
        Assert.Equal("[variables('blobTriggers')[copyIndex()].functionName]", subscription.Scope.Arguments!["functionName"]!["value"]!.GetValue<string>());
        Assert.Equal("[variables('blobTriggers')[copyIndex()].containerName]", subscription.Scope.Arguments!["containerName"]!["value"]!.GetValue<string>());
        Assert.Contains(("uploads", "ProcessUpload"), BlobTriggers());
    }

    [Fact]
    public void Event_grid_feeds_the_approval_and_withdrawal_triggers_one_subscription_each_one_after_the_other()
    {
        Assert.Equal(
            [("approvals", "ProcessApproval"), ("uploads", "ProcessUpload"), ("withdrawals", "ProcessWithdrawal")],
            BlobTriggers().Order());

        var module = Template.Resources.Single(r => r.Symbol == "eventGridSubscription");
        Assert.Equal("[length(variables('blobTriggers'))]", module["copy.count"]!.GetValue<string>());
        Assert.Equal("serial", module["copy.mode"]!.GetValue<string>());
        Assert.Equal(1, module["copy.batchSize"]!.GetValue<int>());
        Assert.Contains("hostKey", Strings(module["dependsOn"]));
        // Distinct subscription names per trigger, the uploads one unchanged from before.
        var subscription = Template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        Assert.Equal("[format('{0}/{1}', parameters('systemTopicName'), format('{0}-to-{1}', parameters('containerName'), toLower(parameters('functionName'))))]",
            subscription["name"]!.GetValue<string>());
    }

    [Fact]
    public void Review_withdrawal_and_archive_containers_and_the_notifications_queue_exist_and_stay_private()
    {
        var names = ContainerNames(ContainerLoop());
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "previews", "approvals", "withdrawals", "archive" });

        var queue = Template.Single("Microsoft.Storage/storageAccounts/queueServices/queues");
        Assert.Equal("notifications", TemplateResource.Resolve(JsonValue.Create("[parameters('notificationsQueueName')]"), queue.Scope)!.GetValue<string>());

        // Decisions, withdrawals and withdrawn reports keep every version (audit trail); previews are rewritten.
        var prefixes = Template.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties.policy.rules"]!.AsArray()
            .SelectMany(rule => Strings(rule!["definition"]!["filters"]!["prefixMatch"])).ToList();
        Assert.Contains("previews/", prefixes);
        foreach (var kept in new[] { "approvals/", "withdrawals/", "archive/" })
        {
            Assert.DoesNotContain(prefixes, p => kept.StartsWith(p, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Publication_mode_and_webhooks_reach_the_app_settings_and_the_webhooks_stay_secret()
    {
        var settings = AppSettings();
        Assert.Equal("[parameters('publication')]", settings["Pipeline__Publication"]);
        Assert.Equal("[parameters('notificationWebhooksReference')]", settings["Notifications__WebhookList"]);

        var parameters = Template.Root["parameters"]!;
        // Review by default in Azure (publication follows a 公开前审查); Automatic is an explicit choice there.
        Assert.Equal("ReviewRequired", parameters["publication"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(["Automatic", "ReviewRequired"], Strings(parameters["publication"]!["allowedValues"]));
        Assert.Equal("securestring", parameters["notificationWebhooks"]!["type"]!.GetValue<string>());
        Assert.Equal("", parameters["notificationWebhooks"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("", parameters["reviewerPrincipalId"]!["defaultValue"]!.GetValue<string>());
        var site = Template.Single("Microsoft.Web/sites");
        // The app gets a Key Vault reference, never the list (InfraHardeningTests).
        Assert.Null(site.Scope.Template["parameters"]!["notificationWebhooks"]);
        Assert.Equal("[parameters('publication')]", site.Scope.Arguments!["publication"]!["value"]!.GetValue<string>());

        var file = File.ReadAllText(Path.Combine(Template.RepositoryRoot, "infra", "main.parameters.json"));
        Assert.Contains("\"reviewerPrincipalId\": { \"value\": \"${PIPELINE_REVIEWER_PRINCIPAL_ID}\" }", file, StringComparison.Ordinal);
        Assert.Contains("\"publication\": { \"value\": \"${PIPELINE_PUBLICATION=ReviewRequired}\" }", file, StringComparison.Ordinal);
        Assert.Contains("\"reviewerAppClientId\": { \"value\": \"${PIPELINE_REVIEWER_APP_CLIENT_ID}\" }", file, StringComparison.Ordinal);
        Assert.Contains("\"notificationWebhooks\": { \"value\": \"${PIPELINE_NOTIFICATION_WEBHOOKS}\" }", file, StringComparison.Ordinal);
    }

    [Fact]
    public void Reviewer_roles_exist_only_when_a_reviewer_is_given()
    {
        var reviewer = Template.OfType("Microsoft.Authorization/roleAssignments").Where(a => Principal(a) == "reviewer").ToList();

        Assert.Equal(4, reviewer.Count);
        Assert.All(reviewer, a => Assert.Contains("not(empty(parameters('reviewerPrincipalId')))", a["condition"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(reviewer, a => Assert.Null(a["properties.principalType"])); // a user or a group
        // Not twice the same assignment when the deploying user is also the reviewer.
        Assert.Contains(reviewer, a => a["condition"]!.GetValue<string>().Contains("not(equals(parameters('reviewerPrincipalId'), parameters('userPrincipalId')))", StringComparison.Ordinal));
    }

    [Fact]
    public void Event_grid_subscription_waits_for_deployed_code_and_dead_letters_undeliverable_events()
    {
        var module = Template.Resources.Single(r => r.Symbol == "eventGridSubscription");
        Assert.Equal("[equals(parameters('codeDeployed'), 'true')]", module["condition"]!.GetValue<string>());
        Assert.Equal("false", Template.Root["parameters"]!["codeDeployed"]!["defaultValue"]!.GetValue<string>());

        var subscription = Template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        Assert.Equal("eventgrid-deadletter", subscription.ResolveString("properties.deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName"));
        Assert.Equal("SystemAssigned", subscription.ResolveString("properties.deadLetterWithResourceIdentity.identity.type"));

        var key = Template.Single("Microsoft.Web/sites/host/systemKeys");
        Assert.Equal("blobs_extension", key.ResolveString("properties.name"));
        Assert.Equal("securestring", Template.Root["parameters"]!["blobsExtensionKey"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Blobs_extension_key_uses_an_established_api_version_and_waits_for_the_function_app()
    {
        var key = Template.Single("Microsoft.Web/sites/host/systemKeys");
        Assert.Equal("hostKey", key.Scope.Name);
        // Untyped in Bicep: the version templates in use rely on for this resource, not the newest Microsoft.Web one.
        Assert.Equal("2021-03-01", key["apiVersion"]!.GetValue<string>());

        // The key is written through the function host, only with the code, in the pass that leaves the app alone.
        var keyModule = Template.Resources.Single(r => r.Symbol == "hostKey");
        Assert.Equal("[equals(parameters('codeDeployed'), 'true')]", keyModule["condition"]!.GetValue<string>());
        var module = Template.Resources.Single(r => r.Symbol == "eventGridSubscription");
        Assert.Contains("hostKey", Strings(module["dependsOn"]));
    }

    [Fact]
    public void Outputs_give_the_site_url_the_uploads_container_url_and_the_app_name()
    {
        var outputs = Template.Root["outputs"]!.AsObject();

        Assert.Equal("[reference('storage').outputs.webEndpoint.value]", outputs["SITE_URL"]!["value"]!.GetValue<string>());
        Assert.Equal("[reference('storage').outputs.uploadsContainerUrl.value]", outputs["UPLOADS_CONTAINER_URL"]!["value"]!.GetValue<string>());
        Assert.Equal("[variables('functionAppName')]", outputs["AZURE_FUNCTION_APP_NAME"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Every_event_grid_subscription_names_a_function_of_the_app_with_an_event_grid_blob_trigger_on_its_container()
    {
        // The webhook URL carries the function's name: a subscription for a function the app lacks would fail validation at
        // deployment, and a trigger without a subscription would never fire. So the two lists must be the same.
        var functions = typeof(FunctionsPipeline.Functions.ProcessUpload).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false)
                    .Cast<Microsoft.Azure.Functions.Worker.FunctionAttribute>().SingleOrDefault(),
                Trigger: m.GetParameters().SelectMany(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.BlobTriggerAttribute), false))
                    .Cast<Microsoft.Azure.Functions.Worker.BlobTriggerAttribute>().SingleOrDefault()))
            .Where(f => f.Function is not null && f.Trigger is { Source: Microsoft.Azure.Functions.Worker.BlobTriggerSource.EventGrid })
            .Select(f => (Container: f.Trigger!.BlobPath.Split('/')[0], f.Function!.Name))
            .Order()
            .ToList();

        Assert.Equal(3, functions.Count);
        Assert.Equal(functions, BlobTriggers().Order().ToList());
    }

    /// <summary>The (container, function) pairs main.bicep creates an Event Grid subscription for.</summary>
    private static List<(string Container, string Function)> BlobTriggers()
    {
        var main = new TemplateScope(Template.Root, "main", Arguments: null, Parent: null);
        return Template.Root["variables"]!["blobTriggers"]!.AsArray()
            .Select(t => (TemplateResource.Resolve(t!["containerName"], main)!.GetValue<string>(), TemplateResource.Resolve(t["functionName"], main)!.GetValue<string>()))
            .ToList();
    }

    private static Dictionary<string, string> AppSettings()
    {
        var site = Template.Single("Microsoft.Web/sites");
        return site["properties.siteConfig.appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());
    }

    /// <summary>The storage module's copy loop over the ordinary containers (the audit container is its own resource).</summary>
    private static TemplateResource ContainerLoop() =>
        Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Single(c => c["copy"] is not null);

    private static List<string> ContainerNames(TemplateResource containers)
    {
        // The containers are one copy loop over a variable: resolve the loop's input list.
        var input = containers["copy.count"]!.GetValue<string>();
        var variable = Regex.Match(input, @"variables\('(\w+)'\)").Groups[1].Value;
        var list = TemplateResource.Resolve(JsonValue.Create($"[variables('{variable}')]"), containers.Scope)!.AsArray();
        return list.Select(n => TemplateResource.Resolve(n, containers.Scope)!.GetValue<string>()).ToList();
    }

    private static List<string> Strings(JsonNode? node) =>
        node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static string RoleDefinitionGuid(TemplateResource assignment)
    {
        var id = assignment["properties.roleDefinitionId"]!.GetValue<string>();
        var inner = RoleDefinitionArgument().Match(id);
        Assert.True(inner.Success, $"unexpected roleDefinitionId {id}");
        var argument = inner.Groups[1].Value;
        if (argument.StartsWith('\''))
        {
            return argument.Trim('\'');
        }

        return TemplateResource.Resolve(JsonValue.Create($"[{argument}]"), assignment.Scope)!.GetValue<string>();
    }

    private static string RoleName(string guid) => guid switch
    {
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" => "Storage Blob Data Owner",
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe" => "Storage Blob Data Contributor",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1" => "Storage Blob Data Reader",
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88" => "Storage Queue Data Contributor",
        "3913510d-42f4-4e42-8a64-420c390055eb" => "Monitoring Metrics Publisher",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" => "Storage Table Data Contributor",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab" => "Storage Account Contributor",
        "4633458b-17de-408a-b874-0445c86b69e6" => "Key Vault Secrets User",
        _ => $"unexpected role {guid}",
    };

    private static string Principal(TemplateResource assignment)
    {
        if (assignment["properties.principalId"]!.GetValue<string>() == "[parameters('userPrincipalId')]"
            && assignment.Scope.Name == "roles"
            && assignment.Scope.Arguments!["userPrincipalId"]!["value"]!.GetValue<string>() == "[parameters('principalId')]")
        {
            return "deploying user";
        }

        if (assignment["properties.principalId"]!.GetValue<string>() == "[parameters('reviewerPrincipalId')]"
            && assignment.Scope.Name == "roles"
            // The reviewer parameter, through the check that it is not the deploying principal (main.bicep).
            && assignment.Scope.Arguments!["reviewerPrincipalId"]!["value"]!.GetValue<string>() == "[variables('reviewerPrincipal')]")
        {
            return "reviewer";
        }

        var principal = assignment.Resolve("properties.principalId")!.GetValue<string>();
        return principal switch
        {
            "[reference('appIdentity').outputs.principalId.value]" => "function app",
            _ when assignment.Scope.Name == "eventGridTopic" && principal.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal) => "event grid topic",
            _ => $"unexpected principal {principal}",
        };
    }

    private static string Scope(TemplateResource assignment)
    {
        var scope = assignment["scope"]?.GetValue<string>() ?? "(resource group)";
        if (scope.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers'", StringComparison.Ordinal))
        {
            return "container " + Regex.Match(scope, @"'default', '([^']+)'\)\]$").Groups[1].Value;
        }

        return scope switch
        {
            "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]" => "storage account",
            "[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]" => "application insights",
            "[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]" when assignment.Scope.Name == "keyVault" => "key vault",
            _ => $"unexpected scope {scope}",
        };
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (.+)\)\]$")]
    private static partial Regex RoleDefinitionArgument();

    // allowSharedKeyAccess set to true, or to an expression that could be true.
    [GeneratedRegex("\"allowSharedKeyAccess\"\\s*:\\s*(true|\"\\[)", RegexOptions.IgnoreCase)]
    private static partial Regex SharedKeyAllowed();
}
