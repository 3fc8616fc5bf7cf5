namespace FunctionsPipeline.Core.Withdrawals;

/// <summary>Stable codes in a withdrawal's status record (<c>results/withdrawals/{name}.json</c>).</summary>
public static class WithdrawalCodes
{
    /// <summary>The blob is over <see cref="WithdrawalRequest.MaxBytes"/>: refused unread.</summary>
    public const string TooLarge = "WITHDRAWAL_TOO_LARGE";
    /// <summary>Not JSON, or not a JSON object.</summary>
    public const string JsonInvalid = "WITHDRAWAL_JSON_INVALID";
    /// <summary><c>body</c>, <c>year</c> or <c>reason</c> is missing or blank.</summary>
    public const string FieldMissing = "WITHDRAWAL_FIELD_MISSING";
    /// <summary>A field has the wrong type or is out of range (a year that is not four digits, a reason over 500 characters …).</summary>
    public const string FieldInvalid = "WITHDRAWAL_FIELD_INVALID";
    /// <summary>Nothing is published for this body and year (the body's name must be exactly as in the report).</summary>
    public const string NotPublished = "WITHDRAWAL_NOT_PUBLISHED";
    /// <summary>The publication was already withdrawn (by another request): nothing more to do; outcome <c>unchanged</c>.</summary>
    public const string AlreadyWithdrawn = "WITHDRAWAL_ALREADY_WITHDRAWN";

    /// <summary>A request blob where withdrawals need a verified sign-in (the review console): its 经办 is a name nobody checked.</summary>
    public const string UnverifiedRefused = "WITHDRAWAL_UNVERIFIED_REFUSED";
    /// <summary>A console withdrawal of a version that is no longer the live one (another was published since the page was shown).</summary>
    public const string Stale = "WITHDRAWAL_STALE";

    public static IReadOnlyList<string> All { get; } =
        [TooLarge, JsonInvalid, FieldMissing, FieldInvalid, NotPublished, AlreadyWithdrawn, UnverifiedRefused, Stale];
}
