namespace FunctionsPipeline.Core.Review;

/// <summary>How reviewers are identified and which decisions are accepted. Bound from the <c>Review</c> configuration section.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>
    /// Whether decisions written as blobs (<c>approvals/*.json</c>, <c>withdrawals/*.json</c>, <c>fp approve</c>) are
    /// accepted; their <c>by</c> is recorded as unverified. Unset: accepted locally, refused when running in Azure
    /// (where the console's verified sign-in is the way to decide).
    /// </summary>
    public bool? AllowBlobDecisions { get; set; }

    /// <summary>
    /// <c>AppServiceAuthentication</c>: the console trusts only the principal App Service authentication (Microsoft Entra ID)
    /// puts in <c>X-MS-CLIENT-PRINCIPAL</c>, and only where the platform says authentication is on. <c>Development</c>: a
    /// fixed, unverified identity (<see cref="DevelopmentReviewer"/>) for requests from loopback only. Unset: App Service
    /// authentication in Azure, development elsewhere.
    /// </summary>
    public ReviewIdentityMode? Identity { get; set; }

    /// <summary>The app role (or group object id) a principal needs in its <c>roles</c> claims to decide.</summary>
    public string ReviewerRole { get; set; } = "Reviewer";

    /// <summary>The development identity's name, shown on every console page as unverified.</summary>
    public string DevelopmentReviewer { get; set; } = "本地审核人";

    /// <summary>True when the process runs in Azure App Service / Functions (the platform sets <c>WEBSITE_INSTANCE_ID</c>).</summary>
    public static bool RunningInAzure => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"));

    public bool BlobDecisionsAllowed => AllowBlobDecisions ?? !RunningInAzure;

    public ReviewIdentityMode IdentityMode => Identity ?? (RunningInAzure ? ReviewIdentityMode.AppServiceAuthentication : ReviewIdentityMode.Development);
}

public enum ReviewIdentityMode
{
    Development,
    AppServiceAuthentication,
}
