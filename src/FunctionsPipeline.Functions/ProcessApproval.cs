using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Review;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue between the blob trigger on <c>approvals</c> and <see cref="ApprovalProcessor"/> (Pipeline:Publication =
/// ReviewRequired). Event Grid delivers BlobCreated events for the approvals container; storage errors propagate so the
/// host retries. The processor records every outcome itself; nothing is written through output bindings.
/// </summary>
public sealed class ProcessApproval(ApprovalProcessor processor, ILogger<ProcessApproval> logger)
{
    /// <summary>The trigger path. The container must match the Event Grid subscription's filter, so it is the options' default.</summary>
    public const string ApprovalPath = PipelineOptions.DefaultApprovalsContainer + "/{name}";

    [Function(nameof(ProcessApproval))]
    public async Task RunAsync(
        [BlobTrigger(ApprovalPath, Source = BlobTriggerSource.EventGrid, Connection = PipelineStorage.ConnectionName)] BlobClient approval,
        string name,
        FunctionContext context)
    {
        logger.LogInformation("Processing approval {Approval} (invocation {InvocationId})", name, context.InvocationId);
        var status = await processor.ProcessAsync(name, approval, context.CancellationToken);
        logger.LogInformation("Approval {Approval} ended {Outcome} {Code}: {Message}", name, status.Outcome, status.Code, status.Message);
    }
}
