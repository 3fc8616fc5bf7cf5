using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Webhook notifications on a real (in-memory) Azurite with a loopback HTTP endpoint: what the notifier adds to an
/// upload's processing (the outbox enqueue, with 0, 1 and 3 webhooks), and one delivery (receive, signed POST,
/// ETag-conditional status update, delete).
/// </summary>
internal static class NotifyBench
{
    private const int Iterations = 50;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var endpoint = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort.OnLoopback()}/";
        endpoint.Prefixes.Add(url);
        endpoint.Start();
        var answering = Task.Run(async () =>
        {
            while (endpoint.IsListening)
            {
                try
                {
                    var context = await endpoint.GetContextAsync();
                    await context.Request.InputStream.CopyToAsync(Stream.Null);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var webhook = new WebhookOptions { Url = url, Secret = "bench-secret" };
        var status = new UploadStatus { Upload = "bench.xlsx", Outcome = UploadOutcome.Published, Message = "已发布《测试》（第 1 版）。", ProcessedAt = DateTimeOffset.UtcNow };

        foreach (var count in new[] { 0, 1, 3 })
        {
            var options = Options.Create(new NotificationOptions { QueueName = $"bench-{count}-{Guid.NewGuid():N}"[..20], Webhooks = [.. Enumerable.Repeat(webhook, count)] });
            var notifier = new QueueNotifier(new NotificationQueue(() => queues, options), options, NullLogger<QueueNotifier>.Instance);
            await Harness.MeasureAsync($"notify: enqueue, {count} webhook(s)", Iterations, () => notifier.NotifyAsync(status, CancellationToken.None));
        }

        // The delivery as the app wires it: the upload lifecycle keeps the delivery outcome in the status record.
        var deliveryQueue = $"bench-d-{Guid.NewGuid():N}"[..20];
        await using var services = new ServiceCollection().AddLogging().AddPipeline(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PipelineStorage.ConnectionName] = azurite.ConnectionString,
            ["Pipeline:ResultsContainer"] = $"results-{Guid.NewGuid():N}"[..20],
            ["Notifications:QueueName"] = deliveryQueue,
            ["Notifications:Webhooks:0:Url"] = url,
            ["Notifications:Webhooks:0:Secret"] = webhook.Secret,
        }).Build()).BuildServiceProvider();
        // The status record the events come from, as the lifecycle would have written it.
        await services.GetRequiredService<ResultRecords>().WriteJsonAsync(ResultNames.Status(status.Upload), status.ToJson(), CancellationToken.None);
        var sender = services.GetRequiredService<INotifier>();
        var delivery = services.GetRequiredService<NotificationDelivery>();
        await Harness.MeasureAsync("notify: deliver one event (POST + status update)", Iterations, async () =>
        {
            await sender.NotifyAsync(status, CancellationToken.None); // includes one enqueue (measured on its own above)
            if (await delivery.DeliverPendingAsync(CancellationToken.None) != 1) throw new InvalidOperationException("nothing delivered");
        });

        endpoint.Stop();
        await answering;
    }
}
