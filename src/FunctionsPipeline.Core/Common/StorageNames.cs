namespace FunctionsPipeline.Core.Common;

/// <summary>
/// Every container and queue name the app uses, in one place: the options of each part (Pipeline, Publishing, Registry,
/// Notifications) default to these, the hosts' own (WebJobs SDK, Functions host) are named here too, and
/// <c>Hosting.StorageInventory</c> lists them as configured. A container or queue not named here is a bug.
/// </summary>
public static class StorageNames
{
    /// <summary>Where clerks drop workbooks (private; the upload trigger's container).</summary>
    public const string Uploads = "uploads";

    /// <summary>Every request's status record and findings (private).</summary>
    public const string Results = "results";

    /// <summary>Previews awaiting review (private; ReviewRequired).</summary>
    public const string Previews = "previews";

    /// <summary>Reviewers' approval blobs (private; the approvals trigger's container).</summary>
    public const string Approvals = "approvals";

    /// <summary>Withdrawal requests (撤回; private; the withdrawals trigger's container).</summary>
    public const string Withdrawals = "withdrawals";

    /// <summary>Withdrawn files and each withdrawal's record (private).</summary>
    public const string Archive = "archive";

    /// <summary>The review's write-once decision records (private).</summary>
    public const string Audit = "audit";

    /// <summary>The register of reporting bodies (编制主体名单; private).</summary>
    public const string Registry = "registry";

    /// <summary>The public site (the static website container).</summary>
    public const string Site = "$web";

    /// <summary>The webhook outbox queue.</summary>
    public const string NotificationsQueue = "notifications";

    /// <summary>The blob extension's poison queue: uploads that failed every attempt.</summary>
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    /// <summary>The queue trigger moves a message that failed every dequeue to its queue's name with this suffix.</summary>
    public const string PoisonQueueSuffix = "-poison";

    /// <summary>The WebJobs SDK's and Functions host's own: blob receipts, locks and host state.</summary>
    public const string HostContainer = "azure-webjobs-hosts";

    /// <summary>The Functions host's keys (in Azure).</summary>
    public const string HostSecretsContainer = "azure-webjobs-secrets";

    /// <summary>Storage analytics logs, which the blob trigger's scan reads (the local host creates it on Azurite).</summary>
    public const string LogsContainer = "$logs";

    /// <summary>The blob trigger's own work queue, one per host: this prefix and the host id.</summary>
    public const string BlobTriggerQueuePrefix = "azure-webjobs-blobtrigger-";
}
