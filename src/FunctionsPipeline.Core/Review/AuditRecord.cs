using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionsPipeline.Core.Review;

/// <summary>A preview file as it was when decided on: its kind and SHA-256.</summary>
public sealed record AuditedFile(string Kind, string Sha256);

/// <summary>
/// One review decision or refusal, as kept in the write-once <c>audit</c> container (<see cref="AuditTrail"/>): who
/// (<see cref="Reviewer"/>, verified or not), what (<see cref="Action"/>: approved, rejected, withdrawn, refused with
/// <see cref="Code"/>), why (<see cref="Reason"/>), about what (the upload, its SHA-256 <see cref="Version"/>, every preview
/// file's hash, the live version it replaced) and when (<see cref="At"/>, China Standard Time).
/// </summary>
public sealed record AuditRecord
{
    public const string ApprovedAction = "approved";
    public const string RejectedAction = "rejected";
    public const string WithdrawnAction = "withdrawn";
    public const string RefusedAction = "refused";

    /// <summary>The blob name in <c>audit</c> (set by <see cref="AuditTrail.AppendAsync"/>).</summary>
    public string? Id { get; init; }
    public required string Action { get; init; }
    public string? Code { get; init; }
    public required string Message { get; init; }
    public required ReviewerIdentity Reviewer { get; init; }
    public string? Reason { get; init; }
    /// <summary>Where the decision came from: <c>console</c>, or the request blob (<c>approvals/x.xlsx.json</c>).</summary>
    public required string Request { get; init; }
    public string? Upload { get; init; }
    public string? Body { get; init; }
    public int? Year { get; init; }
    public string? Version { get; init; }
    public string? UploadETag { get; init; }
    public IReadOnlyList<AuditedFile> PreviewFiles { get; init; } = [];
    /// <summary>The live version when the preview was made (what an approval replaces); null for a first publication.</summary>
    public int? LiveVersionBefore { get; init; }
    /// <summary>The live version when the decision was taken, where it differed (a stale approval).</summary>
    public int? LiveVersionNow { get; init; }
    /// <summary>The site version published or withdrawn.</summary>
    public int? SiteVersion { get; init; }
    public required DateTimeOffset At { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
