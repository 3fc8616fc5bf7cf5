using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: each message on the <c>notifications</c> outbox queue (one event for one webhook) goes to
/// <see cref="NotificationDelivery.HandleAsync"/>, which sends it, puts a failed attempt back on the queue with a
/// backoff delay, and records the final outcome in the upload's status. It throws only for storage trouble, so the
/// host retries the message (after 5 dequeues it lands in <c>notifications-poison</c>).
/// </summary>
public sealed class DeliverNotification(NotificationDelivery delivery)
{
    [Function(nameof(DeliverNotification))]
    public Task RunAsync(
        [QueueTrigger(NotificationOptions.DefaultQueueName, Connection = PipelineStorage.ConnectionName)] string message,
        FunctionContext context) =>
        delivery.HandleAsync(message, context.CancellationToken);
}
