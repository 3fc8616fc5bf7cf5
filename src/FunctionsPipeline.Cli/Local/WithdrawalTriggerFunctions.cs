using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The local trigger host's function on the withdrawals container: glue only, like the Functions app's ProcessWithdrawal.
/// The container name comes from configuration (<c>%Pipeline:WithdrawalsContainer%</c>).
/// </summary>
public sealed class WithdrawalTriggerFunctions(IWithdrawalProcessor processor, ILogger<WithdrawalTriggerFunctions> logger, InFlightRequests inFlight, StorageRecovery recovery)
{
    [FunctionName("ProcessWithdrawal")]
    public async Task ProcessWithdrawalAsync(
        [BlobTrigger("%Pipeline:WithdrawalsContainer%/{name}", Connection = PipelineStorage.ConnectionName)] BlobClient withdrawal,
        string name,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Withdrawal {Name} triggered", name);
        // The invocation's token, with time to finish: a request in progress when the host stops is finished (its
        // blob receipt is then written), unless it is still waiting once the grace is over (storage down).
        using var run = InvocationCancellation.WithGrace(cancellationToken, InvocationCancellation.LocalHostGrace);
        WithdrawalStatus status;
        try
        {
            // One at a time per blob with the host's catch-up pass (InFlightRequests).
            status = await inFlight.RunAsync(InFlightRequests.Withdrawals, name, () => processor.ProcessAsync(name, withdrawal, run.Token));
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) && !run.Token.IsCancellationRequested)
        {
            recovery.ReportUnavailable();
            throw;
        }
        logger.LogInformation("Withdrawal {Name} finished: {Outcome}", name, status.Outcome);
    }
}
