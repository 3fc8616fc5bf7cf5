using Azure.Storage.Blobs;

namespace FunctionsPipeline.Core.Withdrawals;

/// <summary>What the blob trigger on <c>withdrawals</c> hands a withdrawal request to (the Functions app, the local host).</summary>
public interface IWithdrawalProcessor
{
    /// <summary>Processes one withdrawal blob and records its status. Throws only for transient storage failures, so the trigger retries.</summary>
    Task<WithdrawalStatus> ProcessAsync(string name, BlobClient blob, CancellationToken cancellationToken);

    /// <summary>The trigger gave up on the blob (poison threshold): records <c>failed</c> unless that version already has a final outcome.</summary>
    Task<WithdrawalStatus> RecordFailedAsync(string name, string? eTag, CancellationToken cancellationToken);

    /// <summary>
    /// The sweep of <c>withdrawals</c>: a request written at least <paramref name="olderThan"/> ago without a record for its
    /// version, or whose trigger gave up, is processed now (not one <paramref name="busy"/> names); returns how many. The
    /// default (test doubles without storage) finds none.
    /// </summary>
    Task<int> SweepAsync(TimeSpan olderThan, Func<string, bool>? busy, CancellationToken cancellationToken) => Task.FromResult(0);
}
