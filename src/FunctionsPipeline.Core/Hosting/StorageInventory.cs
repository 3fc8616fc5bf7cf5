using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Hosting;

/// <summary>What a name in the storage account is: a blob container or a queue.</summary>
public enum StorageKind
{
    Container,
    Queue,
}

/// <summary>One container or queue: its name as configured, whether the public reads it, what it holds, and whether the host (not the app) owns it.</summary>
public sealed record StorageResource(string Name, StorageKind Kind, bool Public, string Purpose, bool HostOwned = false);

/// <summary>
/// Every container and queue the app uses, as configured (names default to <see cref="StorageNames"/>), listed once:
/// what <c>fp demo</c> prints and what a storage account used by the app may hold. The WebJobs SDK's blob-trigger queue
/// is named by a prefix (<see cref="StorageNames.BlobTriggerQueuePrefix"/> + host id): see <see cref="Contains"/>.
/// </summary>
public sealed class StorageInventory(IReadOnlyList<StorageResource> resources)
{
    public IReadOnlyList<StorageResource> Resources { get; } = resources;

    /// <summary>The app's own, then the hosts'.</summary>
    public static StorageInventory From(IServiceProvider services)
    {
        var pipeline = services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var site = services.GetRequiredService<IOptions<PublishingOptions>>().Value;
        var registry = services.GetRequiredService<IOptions<RegistryOptions>>().Value;
        var notifications = services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        return new StorageInventory(
        [
            new(pipeline.UploadsContainer, StorageKind.Container, false, "clerks' workbooks (上传)"),
            new(pipeline.ResultsContainer, StorageKind.Container, false, "status records and findings"),
            new(pipeline.PreviewsContainer, StorageKind.Container, false, "previews awaiting review (待审核)"),
            new(pipeline.ApprovalsContainer, StorageKind.Container, false, "reviewers' approvals (审核意见)"),
            new(pipeline.WithdrawalsContainer, StorageKind.Container, false, "withdrawal requests (撤回)"),
            new(pipeline.ArchiveContainer, StorageKind.Container, false, "withdrawn files"),
            new(pipeline.AuditContainer, StorageKind.Container, false, "review decisions, write-once"),
            new(registry.Container, StorageKind.Container, false, "the register of bodies (编制主体名单)"),
            new(site.ContainerName, StorageKind.Container, true, "the public site"),
            new(notifications.QueueName, StorageKind.Queue, false, "webhook outbox"),
            new(notifications.QueueName + StorageNames.PoisonQueueSuffix, StorageKind.Queue, false, "webhook events that failed every dequeue", HostOwned: true),
            new(StorageNames.PoisonQueue, StorageKind.Queue, false, "uploads that failed every attempt", HostOwned: true),
            new(StorageNames.BlobTriggerQueuePrefix + "*", StorageKind.Queue, false, "the blob trigger's work queue, one per host", HostOwned: true),
            new(StorageNames.HostContainer, StorageKind.Container, false, "blob receipts, locks", HostOwned: true),
            new(StorageNames.HostSecretsContainer, StorageKind.Container, false, "the Functions host's keys (Azure)", HostOwned: true),
            new(StorageNames.LogsContainer, StorageKind.Container, false, "storage logs the blob trigger scans", HostOwned: true),
        ]);
    }

    /// <summary>Whether <paramref name="name"/> of <paramref name="kind"/> is in the list (a name ending in * matches its prefix).</summary>
    public bool Contains(StorageKind kind, string name) => Resources.Any(r => r.Kind == kind &&
        (r.Name.EndsWith('*') ? name.StartsWith(r.Name[..^1], StringComparison.Ordinal) : r.Name == name));
}
