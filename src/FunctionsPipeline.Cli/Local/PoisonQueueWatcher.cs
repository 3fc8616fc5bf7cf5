using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// Turns each message in <c>webjobs-blobtrigger-poison</c> (where the blob extension moves an upload
/// after <c>poisonBlobThreshold</c> failed attempts) into a <c>failed</c> status record, then removes it.
/// The Functions app does the same with a queue-triggered function.
/// </summary>
internal sealed class PoisonQueueWatcher(QueueClient poisonQueue, string uploadsContainer, IUploadProcessor processor, ILogger<PoisonQueueWatcher> logger) : BackgroundService
{
    public const string QueueName = "webjobs-blobtrigger-poison";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
            {
                // Storage unavailable: the messages stay in the queue; try again on the next poll.
                logger.LogWarning("Poison queue unavailable: {Error}", ex.Message);
            }
            try
            {
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        while (true)
        {
            var messages = (await poisonQueue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: TimeSpan.FromMinutes(1), cancellationToken: cancellationToken)).Value;
            if (messages.Length == 0) return;
            foreach (var message in messages)
            {
                var poisoned = Parse(message.Body.ToString());
                // Another host's uploads container sharing the account: not ours to record; it shows up again later.
                if (poisoned?.ContainerName is { } container && container != uploadsContainer) continue;
                if (poisoned?.BlobName is { } name)
                {
                    logger.LogWarning("Upload {Upload} reached the poison threshold; recording it as failed", name);
                    await processor.RecordFailedAsync(name, poisoned.ETag, cancellationToken);
                }
                else
                {
                    logger.LogWarning("Ignoring poison message {MessageId} without a blob name", message.MessageId);
                }
                await poisonQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }
    }

    internal static PoisonMessage? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<PoisonMessage>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The part of the blob extension's trigger message we read.</summary>
    internal sealed record PoisonMessage(string? ContainerName, string? BlobName, string? ETag);
}
