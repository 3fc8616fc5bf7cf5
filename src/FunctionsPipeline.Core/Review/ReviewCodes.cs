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

    /// <summary>The approval names another version than the current preview, the upload was replaced since, or the live
    /// version moved since the preview was made (another version approved, or a withdrawal): nothing published.</summary>
    public const string Stale = "APPROVAL_STALE";

    /// <summary>The preview was already published or rejected: the approval changes nothing (idempotent).</summary>
    public const string AlreadyDecided = "APPROVAL_ALREADY_DECIDED";

    /// <summary>A preview file no longer has the SHA-256 its preview record lists: nothing published.</summary>
    public const string PreviewChanged = "PREVIEW_CHANGED";

    /// <summary>The approval blob was deleted before it could be read.</summary>
    public const string Deleted = "APPROVAL_DELETED";

    /// <summary>An internal error (a defect): logged under an incident id; nothing published.</summary>
    public const string Failed = "APPROVAL_FAILED";

    /// <summary>An approval or withdrawal written as a blob, where blob decisions are not accepted (in Azure, unless
    /// <c>Review:AllowBlobDecisions</c> is true): decide in the console, signed in.</summary>
    public const string UnverifiedRefused = "APPROVAL_UNVERIFIED_REFUSED";

    /// <summary>The reviewer is a registered clerk of the report's body: nobody reviews their own body's report.</summary>
    public const string SelfApproval = "REVIEW_SELF_APPROVAL";

    /// <summary>The console request carries no verified identity (not signed in, or sign-in not configured).</summary>
    public const string IdentityMissing = "REVIEW_IDENTITY_MISSING";

    /// <summary>The console request carries identity headers the platform did not set (forged).</summary>
    public const string IdentityForged = "REVIEW_IDENTITY_FORGED";

    /// <summary>The signed-in principal lacks the reviewer role.</summary>
    public const string NotReviewer = "REVIEW_NOT_REVIEWER";

    /// <summary>A state-changing console request from another site (its Origin is not the console's own).</summary>
    public const string CrossSite = "REVIEW_CROSS_SITE";

    /// <summary>On the upload's status record: the reviewer rejected it (the reason is in the message).</summary>
    public const string Rejected = "REVIEW_REJECTED";
}
