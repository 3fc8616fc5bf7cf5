using FunctionsPipeline.Core.Review;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Approvals;

/// <summary>What processing one approval blob did.</summary>
public enum ApprovalOutcome
{
    /// <summary>Approved: the previewed files are on the site.</summary>
    Published,
    /// <summary>Approved, but the same data had gone live meanwhile (another upload's approval): nothing was published again.</summary>
    Unchanged,
    /// <summary>The reviewer rejected the upload: its status is <c>rejected</c> (<see cref="ReviewCodes.Rejected"/>).</summary>
    Rejected,
    /// <summary>The approval was refused (see its code); nothing public changed.</summary>
    Refused,
    /// <summary>An internal error; nothing public changed; a redelivery may retry.</summary>
    Failed,
}

/// <summary>
/// The status record of one approval blob: <c>results/approvals/{approval blob name}</c> (made safe as
/// <see cref="Uploads.ResultNames.Stem"/> does), e.g. <c>results/approvals/xiji-2024.xlsx.json</c>. The latest processing
/// of that blob; the decision itself also stays on the preview record and the upload's status. Messages are Chinese.
/// </summary>
public sealed record ApprovalStatus
{
    public required string Approval { get; init; }
    public string? Upload { get; init; }
    public required ApprovalOutcome Outcome { get; init; }
    public string? Code { get; init; }
    public required string Message { get; init; }
    public string? ApprovalETag { get; init; }
    public string? Decision { get; init; }
    public string? By { get; init; }
    /// <summary>Who decided, verified (a signed-in principal) or not (a name typed into a blob).</summary>
    public ReviewerIdentity? Reviewer { get; init; }
    /// <summary>The decision's write-once record in <c>audit</c>.</summary>
    public string? AuditId { get; init; }
    public string? Reason { get; init; }
    public string? Version { get; init; }
    public int? SiteVersion { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
    public IReadOnlyList<StatusLink> Links { get; init; } = [];

    public static readonly JsonSerializerOptions JsonOptions = new(Uploads.UploadStatus.JsonOptions);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ApprovalStatus FromJson(string json) =>
        JsonSerializer.Deserialize<ApprovalStatus>(json, JsonOptions) ?? throw new JsonException("empty approval record");
}
