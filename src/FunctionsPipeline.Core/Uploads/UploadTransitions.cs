using FunctionsPipeline.Core.Approvals;
namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The states one version (blob ETag) of an upload goes through, and every transition between them, in one place.
/// A version starts <see cref="Received"/> (no status record for its ETag yet) and ends in exactly one outcome:
/// <c>received → rejected | published | unchanged | failed | awaiting-approval</c>; in review,
/// <c>awaiting-approval → published | rejected</c> by the reviewer's approval (Approvals/ApprovalProcessor), or
/// <c>→ superseded</c> when a later upload of the same body and year is previewed. Rejected,
/// published and unchanged are final for that version: a second delivery of it returns the recorded status; so is
/// awaiting-approval for the trigger (a redelivery does not preview again). Failed (storage kept failing, or a defect) is not: the
/// version counts as received again, so a later delivery or a re-upload may still finish it. A new version (another
/// ETag) of the same name starts again at <see cref="Received"/>.
/// </summary>
public static class UploadTransitions
{
    /// <summary>The state before any outcome: the name of the pseudo-state in <see cref="All"/>.</summary>
    public const string Received = "received";

    /// <summary>Every allowed transition, as (from state, to outcome).</summary>
    public static IReadOnlyList<(string From, UploadOutcome To)> All { get; } =
    [
        (Received, UploadOutcome.Rejected),
        (Received, UploadOutcome.Published),
        (Received, UploadOutcome.Unchanged),
        (Received, UploadOutcome.Failed),
        (Received, UploadOutcome.AwaitingApproval),
        // An upload processed after a later one of the same body and year was previewed waits for nothing.
        (Received, UploadOutcome.Superseded),
        (AwaitingApprovalState, UploadOutcome.Published),
        // A later upload of the same body and year took its place in the review queue.
        (AwaitingApprovalState, UploadOutcome.Superseded),
        (AwaitingApprovalState, UploadOutcome.Rejected),
        (AwaitingApprovalState, UploadOutcome.Unchanged),
    ];

    /// <summary>Review (ReviewRequired): the reviewer's decision (Review/ApprovalProcessor) moves it on, not the trigger.</summary>
    private const string AwaitingApprovalState = "awaiting-approval";

    /// <summary>
    /// The state of the version <paramref name="eTag"/> given the upload's status record: the recorded outcome if the
    /// record is for this version and final, else <see cref="Received"/>. Bytes without an ETag (<c>fp publish</c>) are
    /// always a new version.
    /// </summary>
    public static string StateOf(UploadStatus? recorded, string? eTag) =>
        recorded is not null && eTag is not null && recorded.ETag == eTag && recorded.Outcome != UploadOutcome.Failed
            ? Name(recorded.Outcome)
            : Received;

    /// <summary>True if the version may still move to <paramref name="next"/> (the hosts check it before any work).</summary>
    public static bool Allows(UploadStatus? recorded, string? eTag, UploadOutcome next) =>
        All.Contains((StateOf(recorded, eTag), next));

    /// <summary>True if the version has a final outcome: nothing more happens to it.</summary>
    public static bool IsFinal(UploadStatus? recorded, string? eTag) => StateOf(recorded, eTag) != Received;

    /// <summary>The outcome as written in status records and in <see cref="All"/> (<c>published</c> …).</summary>
    public static string Name(UploadOutcome outcome) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString());
}
