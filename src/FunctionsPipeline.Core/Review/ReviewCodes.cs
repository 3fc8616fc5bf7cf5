namespace FunctionsPipeline.Core.Review;

/// <summary>Stable codes of the review gate: on an approval's status record, and <see cref="Rejected"/> on the upload's.</summary>
public static class ReviewCodes
{
    /// <summary>The approval blob is not JSON, or lacks a valid <c>decision</c> (approved | rejected) or <c>version</c>, or is not named <c>{upload}.json</c>.</summary>
    public const string Malformed = "APPROVAL_MALFORMED";

    /// <summary><c>decision</c> is <c>rejected</c> but <c>reason</c> is missing or blank.</summary>
    public const string ReasonMissing = "APPROVAL_REASON_MISSING";

    /// <summary>No preview exists for the named upload (unknown upload, or it was never previewed).</summary>
    public const string NoPreview = "APPROVAL_NO_PREVIEW";

    /// <summary>The approval names another version than the current preview, or the upload was replaced since: nothing published.</summary>
    public const string Stale = "APPROVAL_STALE";

    /// <summary>The preview was already published or rejected: the approval changes nothing (idempotent).</summary>
    public const string AlreadyDecided = "APPROVAL_ALREADY_DECIDED";

    /// <summary>A preview file no longer has the SHA-256 its preview record lists: nothing published.</summary>
    public const string PreviewChanged = "PREVIEW_CHANGED";

    /// <summary>The approval blob was deleted before it could be read.</summary>
    public const string Deleted = "APPROVAL_DELETED";

    /// <summary>An internal error (a defect): logged under an incident id; nothing published.</summary>
    public const string Failed = "APPROVAL_FAILED";

    /// <summary>On the upload's status record: the reviewer rejected it (the reason is in the message).</summary>
    public const string Rejected = "REVIEW_REJECTED";
}
