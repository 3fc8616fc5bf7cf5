using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>A <see cref="PipelineTestKit"/> with webhooks configured, its own notifications queue and short retry delays.</summary>
internal static class NotificationTestKit
{
    public static PipelineTestKit Create(string connectionString, IReadOnlyList<WebhookOptions> webhooks, int maxAttempts = 3, string? queueName = null,
        IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:QueueName"] = queueName ?? $"notify-{Guid.NewGuid():N}"[..20],
            ["Notifications:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:RetryDelay"] = "00:00:01",
            ["Notifications:Timeout"] = "00:00:05",
        };
        for (var i = 0; i < webhooks.Count; i++)
        {
            settings[$"Notifications:Webhooks:{i}:Url"] = webhooks[i].Url;
            settings[$"Notifications:Webhooks:{i}:Secret"] = webhooks[i].Secret;
            settings[$"Notifications:Webhooks:{i}:Name"] = webhooks[i].Name;
            settings[$"Notifications:Webhooks:{i}:Format"] = webhooks[i].Format.ToString();
        }
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        return PipelineTestKit.Create(connectionString, settings);
    }

    public static NotificationDelivery Delivery(this PipelineTestKit kit) => kit.Services.GetRequiredService<NotificationDelivery>();

    public static NotificationQueue Queue(this PipelineTestKit kit) => kit.Services.GetRequiredService<NotificationQueue>();

    /// <summary>Runs the delivery (as the local host does) until the upload's status record holds <paramref name="count"/> outcomes.</summary>
    public static async Task<UploadStatus> DeliverUntilRecordedAsync(this PipelineTestKit kit, string upload, int count = 1, int timeoutSeconds = 60)
    {
        UploadStatus? status = null;
        var done = await Polling.UntilAsync(async () =>
        {
            await kit.Delivery().DeliverPendingAsync(CancellationToken.None);
            status = await kit.StatusAsync(upload);
            return status?.Notifications?.Count >= count;
        }, TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromMilliseconds(250));
        Assert.True(done, $"{upload}: {status?.Notifications?.Count ?? 0} of {count} delivery outcomes recorded");
        return status!;
    }
}
