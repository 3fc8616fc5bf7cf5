using Azure.Storage.Queues;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The local stand-in for the Functions app's queue trigger on <see cref="PoisonMessages.QueueName"/>: receives the
/// messages, hands each to <see cref="PoisonRouting.RouteAsync"/> and deletes the ones it handled.
/// </summary>
internal static class PoisonQueueWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The poison queue of the account; the blob extension writes its messages Base64-encoded.</summary>
    public static QueueClient QueueFor(string connectionString) =>
        new(connectionString, PoisonMessages.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static async Task DrainAsync(QueueClient queue, string uploadsContainer, IUploadProcessor processor, ILogger logger, CancellationToken cancellationToken,
        IWithdrawalProcessor? withdrawals = null, string? withdrawalsContainer = null, Core.Approvals.ApprovalProcessor? approvals = null,
        string approvalsContainer = PipelineOptions.DefaultApprovalsContainer)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: TimeSpan.FromMinutes(1), cancellationToken: cancellationToken)).Value;
            if (messages.Length == 0) return;
            foreach (var message in messages)
            {
                // Not ours (another uploads container in the account): left in the queue, it shows up again later.
                if (!await PoisonRouting.RouteAsync(message.Body.ToString(), processor, withdrawals, uploadsContainer,
                        withdrawalsContainer ?? PipelineOptions.DefaultWithdrawalsContainer, logger, cancellationToken, approvals, approvalsContainer)) continue;
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }
    }
}
