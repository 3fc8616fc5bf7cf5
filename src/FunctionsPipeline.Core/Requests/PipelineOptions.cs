using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Requests;

/// <summary>Containers and upload limits of the pipeline. Bound from the <c>Pipeline</c> configuration section.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>The uploads container of the deployed app (its Event Grid subscription filters on it).</summary>
    public const string DefaultUploadsContainer = StorageNames.Uploads;

    /// <summary>Where clerks drop workbooks (the trigger's container; also <c>%Pipeline:UploadsContainer%</c> in trigger paths).</summary>
    public string UploadsContainer { get; set; } = DefaultUploadsContainer;

    /// <summary>Private container for status records and findings.</summary>
    public string ResultsContainer { get; set; } = StorageNames.Results;

    /// <summary>
    /// <c>Automatic</c> (default): a valid upload goes straight to the site. <c>ReviewRequired</c>: it is rendered into
    /// <see cref="PreviewsContainer"/> and published only when an approval blob in <see cref="ApprovalsContainer"/> says so.
    /// </summary>
    public PublicationMode Publication { get; set; } = PublicationMode.Automatic;

    /// <summary>Private container for previews awaiting review (ReviewRequired).</summary>
    public string PreviewsContainer { get; set; } = StorageNames.Previews;

    /// <summary>The approvals container of the deployed app (its Event Grid subscription filters on it).</summary>
    public const string DefaultApprovalsContainer = StorageNames.Approvals;

    /// <summary>Private container where reviewers write <c>{upload name}.json</c> approvals (ReviewRequired).</summary>
    public string ApprovalsContainer { get; set; } = DefaultApprovalsContainer;

    /// <summary>Uploads larger than this are rejected without being read (default 10 MB; a filled workbook is ~50 KB).</summary>
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Comma-separated file extensions accepted (case-insensitive).</summary>
    public string AllowedExtensions { get; set; } = ".xlsx,.xls,.csv";

    /// <summary>The withdrawals container of the deployed app (its Event Grid subscription filters on it).</summary>
    public const string DefaultWithdrawalsContainer = StorageNames.Withdrawals;

    /// <summary>Private container where withdrawal requests (撤回) are written: <c>{any name}.json</c>.</summary>
    public string WithdrawalsContainer { get; set; } = DefaultWithdrawalsContainer;

    /// <summary>Private container that keeps withdrawn files (same names as in $web) and each withdrawal's record.</summary>
    public string ArchiveContainer { get; set; } = StorageNames.Archive;

    /// <summary>
    /// Private, write-once container of the review's decision records (<c>Review.AuditTrail</c>): one blob per decision or
    /// refusal, created with If-None-Match: * and, in Azure, under a time-based immutability policy.
    /// </summary>
    public string AuditContainer { get; set; } = StorageNames.Audit;

    public IReadOnlySet<string> AllowedExtensionSet =>
        AllowedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.StartsWith('.') ? e : "." + e)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
