using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// The status record <c>results/{safe upload name}.json</c>: one per upload, whatever the outcome,
/// so a clerk can see what happened to their file. <see cref="Message"/> is Simplified Chinese and never a stack trace.
/// </summary>
public sealed record UploadStatus
{
    public required string Upload { get; init; }
    public required UploadOutcome Outcome { get; init; }
    public required string Message { get; init; }
    /// <summary>A stable code where the outcome has one (e.g. <c>REVIEW_REJECTED</c>); findings carry their own codes.</summary>
    public string? Code { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
    public string? ETag { get; init; }
    public string? Body { get; init; }
    public int? Year { get; init; }
    public int? Version { get; init; }
    public int Errors { get; init; }
    public int Warnings { get; init; }
    public IReadOnlyList<StageTiming> Timings { get; init; } = [];
    public IReadOnlyList<StatusLink> Links { get; init; } = [];

    /// <summary>What each webhook made of this outcome's event (added by the delivery when it is final); absent without webhooks.</summary>
    public IReadOnlyList<WebhookDelivery>? Notifications { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // Keep Chinese readable in the record (it is served as application/json; charset=utf-8).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static UploadStatus FromJson(string json) =>
        JsonSerializer.Deserialize<UploadStatus>(json, JsonOptions) ?? throw new JsonException("empty status record");
}
