namespace FunctionsPipeline.Core.Review;

/// <summary>
/// Who made a review decision. <see cref="Verified"/> only when it comes from a token the platform validated
/// (Microsoft Entra ID through App Service authentication, <see cref="EntraSource"/>): then <see cref="ObjectId"/> and
/// <see cref="Upn"/> are the principal's. A name typed into an approval or withdrawal blob (<see cref="BlobSource"/>) and the
/// loopback-only development identity (<see cref="DevelopmentSource"/>) are recorded as unverified.
/// </summary>
public sealed record ReviewerIdentity(string DisplayName, string? ObjectId, string? Upn, bool Verified, string Source)
{
    public const string EntraSource = "entra";
    public const string DevelopmentSource = "development";
    public const string BlobSource = "blob";

    /// <summary>The name typed into a request blob: a claim nobody checked.</summary>
    public static ReviewerIdentity FromBlob(string by) => new(by, null, null, false, BlobSource);

    /// <summary>How messages and records name the person (an unverified name says so).</summary>
    public string Label => Verified ? DisplayName : $"{DisplayName}（身份未经验证）";

    /// <summary>True if <paramref name="other"/> is the same verified principal (by object id, else by UPN).</summary>
    public bool IsSamePrincipal(string? objectIdOrUpn) =>
        objectIdOrUpn is { Length: > 0 } id &&
        (string.Equals(ObjectId, id, StringComparison.OrdinalIgnoreCase) || string.Equals(Upn, id, StringComparison.OrdinalIgnoreCase));
}
