using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Core.Review;

/// <summary>One file of a preview: its kind (<c>pdf</c>, <c>ofd</c>, <c>html</c>, <c>report-json</c>, <c>notice</c> …), blob name in <c>previews</c>, SHA-256 and size.</summary>
public sealed record PreviewFile(string Kind, string Path, string Sha256, long Bytes);

/// <summary>
/// What a reviewer decided about a preview (written once, by <see cref="ApprovalProcessor"/>): <see cref="Reviewer"/> is who,
/// verified or not; <see cref="AuditId"/> the decision's write-once record in <c>audit</c>.
/// </summary>
public sealed record PreviewDecision(string Decision, string By, string? Reason, DateTimeOffset DecidedAt, int? SiteVersion, string? ApprovalETag,
    ReviewerIdentity? Reviewer = null, string? AuditId = null);

/// <summary>
/// <c>previews/{upload stem}/preview.json</c>: what is waiting for review. <see cref="Version"/> is the SHA-256 of the
/// uploaded bytes (an approval may name it or <see cref="UploadETag"/>); <see cref="Files"/> are the exact bytes an
/// approval publishes. <see cref="Decision"/> is set once the reviewer decided.
/// </summary>
public sealed record PreviewRecord
{
    public required string Upload { get; init; }
    public required string Version { get; init; }
    public string? UploadETag { get; init; }
    public required string Body { get; init; }
    public required int Year { get; init; }
    public required string Title { get; init; }
    /// <summary><c>publish</c> or <c>correction</c> (of <see cref="LiveVersion"/>), as it would be published now.</summary>
    public required string Kind { get; init; }
    public int? LiveVersion { get; init; }
    public required DateTimeOffset PreviewedAt { get; init; }
    public int Warnings { get; init; }
    public IReadOnlyList<PreviewFile> Files { get; init; } = [];
    public PreviewDecision? Decision { get; init; }

    public PreviewFile? File(string kind) => Files.FirstOrDefault(f => f.Kind == kind);

    /// <summary>True if <paramref name="version"/> names this preview: its content SHA-256 or its upload's ETag (quoted or not).</summary>
    public bool IsVersion(string version)
    {
        var v = version.Trim();
        if (string.Equals(v, Version, StringComparison.OrdinalIgnoreCase)) return true;
        return UploadETag is { } eTag && v.Trim('"') == eTag.Trim('"');
    }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
