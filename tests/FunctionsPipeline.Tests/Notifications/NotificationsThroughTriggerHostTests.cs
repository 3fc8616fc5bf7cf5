using System.Text.Json;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.EndToEnd;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>Upload → local blob trigger → pipeline → outbox queue → the host's delivery → webhook, as <c>fp serve</c> runs it.</summary>
[Collection(TriggerHostCollection.Name)]
public sealed class NotificationsThroughTriggerHostTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task The_local_trigger_host_publishes_an_upload_and_delivers_its_webhook_event()
    {
        await using var listener = WebhookListener.Start();
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Name = "值班群", Url = listener.BaseUrl + "send?key=k", Format = WebhookFormat.WeCom }]);
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, kit.Pipeline, new LocalTriggerHostOptions
        {
            HostId = $"fp-notify-{Guid.NewGuid():N}"[..20],
            UploadsContainer = kit.Options.UploadsContainer,
            Notifications = kit.Delivery(),
        }, FileLoggerProvider.FromEnvironment());

        await kit.Uploads.CreateIfNotExistsAsync();
        await kit.Uploads.GetBlobClient("西集镇-2024.xlsx").UploadAsync(new BinaryData(WorkbookFactory.From(SampleReports.Seed).ToBytes()));

        UploadStatus? status = null;
        Assert.True(await Polling.UntilAsync(async () => (status = await kit.StatusAsync("西集镇-2024.xlsx"))?.Notifications is { Count: > 0 },
            TimeSpan.FromSeconds(120)), $"no delivery recorded (status: {status?.Outcome})");
        Assert.Equal(UploadOutcome.Published, status!.Outcome);
        var delivery = Assert.Single(status.Notifications!);
        Assert.Equal(("值班群", "published", WebhookDelivery.Delivered, 1), (delivery.Webhook, delivery.Kind, delivery.Outcome, delivery.Attempts));
        using var json = JsonDocument.Parse(Assert.Single(listener.Requests).Body);
        Assert.Contains(SampleReports.Seed.Body, json.RootElement.GetProperty("text").GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
