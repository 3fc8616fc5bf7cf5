using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Withdrawals;

/// <summary>What happened to one withdrawal request. Serialized as <c>lowercase</c> in the status record.</summary>
public enum WithdrawalOutcome
{
    /// <summary>The publication is off the site: 撤回公告 published, files in the archive, every listing marked.</summary>
    Withdrawn,
    /// <summary>It was already withdrawn (by another request): nothing new.</summary>
    Unchanged,
    /// <summary>Bad request (see <see cref="WithdrawalStatus.Code"/>): nothing public changed.</summary>
    Rejected,
    /// <summary>An internal error or the blob vanished: nothing more happens until it is written again.</summary>
    Failed,
}

/// <summary>
/// The status record <c>results/withdrawals/{safe name}.json</c> of one withdrawal blob (<c>withdrawals/{name}</c>),
/// whatever the outcome. <see cref="Message"/> is Simplified Chinese and never a stack trace.
/// </summary>
public sealed record WithdrawalStatus
{
    public required string Withdrawal { get; init; }
    public required WithdrawalOutcome Outcome { get; init; }
    /// <summary>A stable code from <see cref="WithdrawalCodes"/> when the request was not carried out as asked.</summary>
    public string? Code { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
    public string? ETag { get; init; }
    public string? Body { get; init; }
    public int? Year { get; init; }
    public string? Reason { get; init; }
    public string? By { get; init; }
    /// <summary>The version that was current when withdrawn (its folder holds the 撤回公告).</summary>
    public int? Version { get; init; }
    /// <summary>Every version withdrawn.</summary>
    public IReadOnlyList<int> Versions { get; init; } = [];
    /// <summary>The files moved to the archive container (same names as they had in $web).</summary>
    public IReadOnlyList<string> Archived { get; init; } = [];
    public DateTimeOffset? WithdrawnAt { get; init; }
    /// <summary>The outcome's record in the write-once <c>audit</c> container.</summary>
    public string? AuditId { get; init; }
    public IReadOnlyList<StatusLink> Links { get; init; } = [];

    /// <summary>Another processing of the same blob version would do nothing (everything but <c>failed</c> is final).</summary>
    public bool IsFinalFor(string? eTag) => Outcome != WithdrawalOutcome.Failed && ETag == eTag;

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static WithdrawalStatus FromJson(string json) =>
        JsonSerializer.Deserialize<WithdrawalStatus>(json, JsonOptions) ?? throw new JsonException("empty status record");
}
