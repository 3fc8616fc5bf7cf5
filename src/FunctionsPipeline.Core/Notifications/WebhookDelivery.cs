namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// The final outcome of one event at one webhook, kept in the upload's status record (<c>notifications</c>):
/// <c>delivered</c> or <c>failed</c>, after how many attempts, the last HTTP status (none when the endpoint could
/// not be reached) and, for a failure, a short English reason for the operator.
/// </summary>
public sealed record WebhookDelivery
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>The webhook's name, or its number and host (never the URL: it may carry a key).</summary>
    public required string Webhook { get; init; }
    public required string Kind { get; init; }
    public required string Outcome { get; init; }
    public int Attempts { get; init; }
    public int? HttpStatus { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset At { get; init; }
}
