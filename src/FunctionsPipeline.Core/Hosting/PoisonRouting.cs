using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Hosting;

/// <summary>
/// Where a message on the blob extension's poison queue (<see cref="PoisonMessages.QueueName"/>) goes, for both hosts:
/// a withdrawal blob's to <see cref="IWithdrawalProcessor.RecordFailedAsync"/>, an approval blob's to the approval's
/// <c>RecordFailedAsync</c> (<see cref="ApprovalProcessor"/>), an upload's to <see cref="IUploadProcessor.RecordFailedAsync"/>.
/// The triggers share the one queue, so the container (or the function) in the message decides.
/// </summary>
public static class PoisonRouting
{
    /// <summary>
    /// Records the message's blob as failed. False (leave the message) when it is about another container than the
    /// given ones (another host sharing the account); <paramref name="uploadsContainer"/> null accepts any uploads container.
    /// </summary>
    public static async Task<bool> RouteAsync(string message, IUploadProcessor uploads, IWithdrawalProcessor? withdrawals, string? uploadsContainer,
        string withdrawalsContainer, ILogger logger, CancellationToken cancellationToken, ApprovalProcessor? approvals = null,
        string approvalsContainer = PipelineOptions.DefaultApprovalsContainer)
    {
        if (approvals is not null && PoisonMessages.Parse(message) is { BlobName: { } approval } poisonedApproval &&
            (poisonedApproval.ContainerName == approvalsContainer || poisonedApproval.FunctionId?.EndsWith(".ProcessApproval", StringComparison.Ordinal) == true))
        {
            logger.LogWarning("Approval {Name} reached the poison threshold; recording it as failed", approval);
            await approvals.RecordFailedAsync(approval, poisonedApproval.ETag, cancellationToken);
            return true;
        }
        if (withdrawals is not null && PoisonMessages.Parse(message) is { ContainerName: { } container, BlobName: { } name } poisoned && container == withdrawalsContainer)
        {
            logger.LogWarning("Withdrawal {Name} reached the poison threshold; recording it as failed", name);
            await withdrawals.RecordFailedAsync(name, poisoned.ETag, cancellationToken);
            return true;
        }
        return await RecordUploadAsync(uploads, message, uploadsContainer, logger, cancellationToken);
    }

    /// <summary>
    /// Records <c>failed</c> for the message's upload. Returns false (leave the message) when it names another
    /// uploads container than <paramref name="uploadsContainer"/> (null: any); a message without a blob name is
    /// logged and counts as handled.
    /// </summary>
    public static async Task<bool> RecordUploadAsync(IUploadProcessor processor, string body, string? uploadsContainer, ILogger logger,
        CancellationToken cancellationToken)
    {
        var poisoned = PoisonMessages.Parse(body);
        // Another host's uploads container sharing the account: not ours to record.
        if (uploadsContainer is not null && poisoned?.ContainerName is { } container && container != uploadsContainer) return false;
        // An approval blob (review gate), not an upload: it is no upload to mark failed; the approval stays, a reviewer may write it again.
        if (poisoned?.FunctionId?.EndsWith(".ProcessApproval", StringComparison.Ordinal) == true) return false;
        if (poisoned?.BlobName is not { } name)
        {
            logger.LogWarning("Ignoring a poison message without a blob name");
            return true;
        }
        logger.LogWarning("Upload {Upload} reached the poison threshold; recording it as failed", name);
        await processor.RecordFailedAsync(name, poisoned.ETag, cancellationToken);
        return true;
    }
}
