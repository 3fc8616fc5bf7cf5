using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>The settings as the hosts bind them, the backoff steps and the event kinds.</summary>
public sealed class NotificationOptionsTests
{
    [Fact]
    public void Webhooks_bind_from_indexed_settings_and_from_the_one_line_list_the_deployment_sets()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineStorage.ConnectionName] = "UseDevelopmentStorage=true",
            ["Notifications:Webhooks:0:Url"] = "https://oa.example.org/hook",
            ["Notifications:Webhooks:0:Secret"] = "s3cret",
            ["Notifications:Webhooks:0:Format"] = "Generic",
            // As Notifications__WebhookList arrives from infra: entries split by white space, fields by '|'.
            ["Notifications:WebhookList"] = "wecom|https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K-1||值班群 " +
                                            "DingTalk|https://oapi.dingtalk.com/robot/send?access_token=T|SECabc  Teams|https://x.example/|s",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();

        var webhooks = services.GetRequiredService<IOptions<NotificationOptions>>().Value.Webhooks;

        Assert.Equal(4, webhooks.Count);
        Assert.Equal((WebhookFormat.Generic, "https://oa.example.org/hook", "s3cret", (string?)null), (webhooks[0].Format, webhooks[0].Url, webhooks[0].Secret, webhooks[0].Name));
        Assert.Equal((WebhookFormat.WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K-1", (string?)null, "值班群"),
            (webhooks[1].Format, webhooks[1].Url, webhooks[1].Secret, webhooks[1].Name));
        Assert.Equal((WebhookFormat.DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=T", "SECabc"), (webhooks[2].Format, webhooks[2].Url, webhooks[2].Secret));
        // An unknown format is not guessed: no URL, so the notifier skips it with an error in the log.
        Assert.Equal("", webhooks[3].Url);
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_the_cap()
    {
        var options = new NotificationOptions { RetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(60) };

        Assert.Equal([10, 20, 40, 60, 60], Enumerable.Range(2, 5).Select(attempt => options.DelayBefore(attempt).TotalSeconds));
    }

    [Fact]
    public void Event_kinds_are_outcome_names_in_kebab_case()
    {
        Assert.Equal(["published", "unchanged", "rejected", "failed"],
            new[] { UploadOutcome.Published, UploadOutcome.Unchanged, UploadOutcome.Rejected, UploadOutcome.Failed }.Select(UploadNotifications.KindOf));
        // The outcomes the review and withdrawal flows add map the same way.
        Assert.Equal("awaiting-approval", NotificationEvent.KebabCase("AwaitingApproval"));
        Assert.Equal("withdrawn", NotificationEvent.KebabCase("Withdrawn"));
    }
}
