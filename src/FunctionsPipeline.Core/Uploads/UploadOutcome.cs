namespace FunctionsPipeline.Core.Uploads;

/// <summary>What happened to one upload. Serialized in kebab case in the status record (<c>published</c>, <c>awaiting-approval</c>).</summary>
public enum UploadOutcome
{
    /// <summary>Valid; a new version (or a correction) is on the public site.</summary>
    Published,
    /// <summary>Valid, but the same data is already published; nothing new on the site.</summary>
    Unchanged,
    /// <summary>Invalid or unreadable; the findings are in <c>results</c>, nothing public changed.</summary>
    Rejected,
    /// <summary>The pipeline gave up (storage kept failing); nothing public changed.</summary>
    Failed,
    /// <summary>Valid, rendered into <c>previews</c> (Pipeline:Publication = ReviewRequired); waits for a reviewer's approval blob.</summary>
    AwaitingApproval,
    /// <summary>
    /// Valid and previewed, but a later upload of the same body and year replaced it in the review queue (one preview per
    /// body and year waits for a reviewer); nothing public changed; its preview stays readable.
    /// </summary>
    Superseded,
}
