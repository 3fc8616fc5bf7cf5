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
public sealed class WithdrawalTriggerFunctions(IWithdrawalProcessor processor, ILogger<WithdrawalTriggerFunctions> logger)
{
    [FunctionName("ProcessWithdrawal")]
    public async Task ProcessWithdrawalAsync(
        [BlobTrigger("%Pipeline:WithdrawalsContainer%/{name}", Connection = PipelineStorage.ConnectionName)] BlobClient withdrawal,
        string name)
    {
        logger.LogInformation("Withdrawal {Name} triggered", name);
        // As for uploads: a withdrawal in progress when the host stops is finished, not cancelled.
        var status = await processor.ProcessAsync(name, withdrawal, CancellationToken.None);
        logger.LogInformation("Withdrawal {Name} finished: {Outcome}", name, status.Outcome);
    }
}
