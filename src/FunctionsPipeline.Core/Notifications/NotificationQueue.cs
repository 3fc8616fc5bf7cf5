using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// The outbox: the <c>notifications</c> queue in the pipeline's storage account (messages Base64-encoded, as the
/// Functions queue trigger reads them). Created on first use, so an app without webhooks never touches it.
/// </summary>
public sealed class NotificationQueue(Func<QueueServiceClient> service, IOptions<NotificationOptions> options)
{
    private readonly Lazy<QueueClient> _client = new(() => service().GetQueueClient(options.Value.QueueName));
    private volatile bool _ready;

    public QueueClient Client => _client.Value;

    /// <summary>Puts a message on the queue, visible after <paramref name="delay"/> (storage counts whole seconds).</summary>
    public async Task SendAsync(string text, TimeSpan delay, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var visibility = delay > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds)) : (TimeSpan?)null;
        await Client.SendMessageAsync(text, visibility, cancellationToken: cancellationToken);
    }

    public async Task<QueueMessage[]> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        return (await Client.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken)).Value;
    }

    public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken) =>
        Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_ready) return;
        await Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _ready = true;
    }
}
