namespace FunctionsPipeline.Tests.Infra;

/// <summary>
/// What would otherwise be lost silently alerts a person (issue 28): Event Grid's dead-lettered or dropped blob events, and
/// the blob triggers' poison messages, on the compiled infra/main.bicep.
/// </summary>
public sealed class AlertTemplateTests
{
    private static CompiledTemplate Template => CompiledTemplate.Instance;

    [Fact]
    public void Dead_lettered_and_dropped_events_of_the_storage_topic_raise_an_alert()
    {
        var alert = Template.Single("Microsoft.Insights/metricAlerts");

        Assert.True(alert["properties.enabled"]!.GetValue<bool>());
        Assert.Contains("Microsoft.EventGrid/systemTopics", alert["properties.scopes"]!.ToJsonString(), StringComparison.Ordinal);
        var criteria = alert["properties.criteria.allOf"]!.AsArray();
        var metrics = criteria.Select(c => c!["metricName"]!.GetValue<string>()).ToList();
        Assert.Contains("DeadLetteredCount", metrics);
        Assert.Contains("DroppedEventCount", metrics);
        Assert.All(criteria, c =>
        {
            Assert.Equal("Microsoft.EventGrid/systemTopics", c!["metricNamespace"]!.GetValue<string>());
            Assert.Equal("GreaterThan", c["operator"]!.GetValue<string>());
            Assert.Equal(0, c["threshold"]!.GetValue<double>());
            Assert.Equal("Total", c["timeAggregation"]!.GetValue<string>());
        });
        Assert.Equal("PT5M", alert["properties.evaluationFrequency"]!.GetValue<string>());
    }

    [Fact]
    public void A_poison_message_of_any_blob_trigger_raises_an_alert_on_the_apps_logs()
    {
        var alert = Template.Single("Microsoft.Insights/scheduledQueryRules");

        Assert.True(alert["properties.enabled"]!.GetValue<bool>());
        // Its scope is the Application Insights the app logs to (the monitoring module's output).
        Assert.Equal("[parameters('applicationInsightsId')]", alert["properties.scopes"]!.AsArray().Single()!.GetValue<string>());
        Assert.Contains("reference('monitoring').outputs.applicationInsightsId", alert.Scope.Arguments?["applicationInsightsId"]?["value"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
        var query = alert["properties.criteria.allOf"]!.AsArray().Single()!["query"]!.GetValue<string>();
        // The sentence PoisonRouting logs for every upload, approval and withdrawal that reached the poison threshold.
        Assert.Contains("reached the poison threshold", query, StringComparison.Ordinal);
        Assert.Contains("reached the poison threshold", File.ReadAllText(Path.Combine(Template.RepositoryRoot, "src", "FunctionsPipeline.Core", "Hosting", "PoisonRouting.cs")),
            StringComparison.Ordinal);
        Assert.Equal("GreaterThan", alert["properties.criteria.allOf"]!.AsArray().Single()!["operator"]!.GetValue<string>());
    }

    [Fact]
    public void The_alerts_e_mail_the_operator_when_an_address_is_given()
    {
        var group = Template.Single("Microsoft.Insights/actionGroups");

        Assert.Contains("alertEmail", group["condition"]?.ToJsonString() ?? "", StringComparison.Ordinal);
        Assert.Contains("alertEmail", group["properties.emailReceivers"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("PIPELINE_ALERT_EMAIL", File.ReadAllText(Path.Combine(Template.RepositoryRoot, "infra", "main.parameters.json")), StringComparison.Ordinal);
    }
}
