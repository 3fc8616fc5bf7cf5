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
public sealed class ApprovalTriggerFunctions(ApprovalProcessor processor, ILogger<ApprovalTriggerFunctions> logger)
{
    [FunctionName("ProcessApproval")]
    public async Task ProcessApprovalAsync(
        [BlobTrigger("%Pipeline:ApprovalsContainer%/{name}", Connection = PipelineStorage.ConnectionName)] BlobClient approval,
        string name)
    {
        logger.LogInformation("Approval {Approval} triggered", name);
        // Not the host's shutdown token, for the same reason as ProcessUpload: finish what started.
        var status = await processor.ProcessAsync(name, approval, CancellationToken.None);
        logger.LogInformation("Approval {Approval} finished: {Outcome} {Code}", name, status.Outcome, status.Code);
    }
}
