using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue between the blob trigger on <c>withdrawals</c> and <see cref="IWithdrawalProcessor"/>: Event Grid delivers
/// BlobCreated events for the withdrawals container; storage errors propagate so the host retries, and every step of a
/// withdrawal is idempotent, so a retry completes one that failed half way.
/// </summary>
public sealed class ProcessWithdrawal(IWithdrawalProcessor processor, ILogger<ProcessWithdrawal> logger)
{
    /// <summary>The trigger path. The container must match the Event Grid subscription's filter, so it is the options' default.</summary>
    public const string WithdrawalPath = PipelineOptions.DefaultWithdrawalsContainer + "/{name}";

    [Function(nameof(ProcessWithdrawal))]
    public async Task RunAsync(
        [BlobTrigger(WithdrawalPath, Source = BlobTriggerSource.EventGrid, Connection = PipelineStorage.ConnectionName)] BlobClient withdrawal,
        string name,
        FunctionContext context)
    {
        logger.LogInformation("Processing withdrawal {Name} (invocation {InvocationId})", name, context.InvocationId);
        var status = await processor.ProcessAsync(name, withdrawal, context.CancellationToken);
        logger.LogInformation("Withdrawal {Name} ended {Outcome} {Code}: {Message}", name, status.Outcome, status.Code, status.Message);
    }
}
