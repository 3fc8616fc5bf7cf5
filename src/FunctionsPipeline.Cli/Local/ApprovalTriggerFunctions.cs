using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Review;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The local host's trigger on the approvals container (<c>%Pipeline:ApprovalsContainer%</c>): glue only, like the
/// Functions app's ProcessApproval, over the same <see cref="ApprovalProcessor"/>.
/// </summary>
public sealed class ApprovalTriggerFunctions(ApprovalProcessor processor, ILogger<ApprovalTriggerFunctions> logger, InFlightRequests inFlight, StorageRecovery recovery)
{
    [FunctionName("ProcessApproval")]
    public async Task ProcessApprovalAsync(
        [BlobTrigger("%Pipeline:ApprovalsContainer%/{name}", Connection = PipelineStorage.ConnectionName)] BlobClient approval,
        string name,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Approval {Approval} triggered", name);
        // The invocation's token, with time to finish: a request in progress when the host stops is finished (its
        // blob receipt is then written), unless it is still waiting once the grace is over (storage down).
        using var run = InvocationCancellation.WithGrace(cancellationToken, InvocationCancellation.LocalHostGrace);
        ApprovalStatus status;
        try
        {
            // One at a time per blob with the host's catch-up pass (InFlightRequests).
            status = await inFlight.RunAsync(InFlightRequests.Approvals, name, () => processor.ProcessAsync(name, approval, run.Token));
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) && !run.Token.IsCancellationRequested)
        {
            recovery.ReportUnavailable();
            throw;
        }
        logger.LogInformation("Approval {Approval} finished: {Outcome} {Code}", name, status.Outcome, status.Code);
    }
}
