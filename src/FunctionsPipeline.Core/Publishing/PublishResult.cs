namespace FunctionsPipeline.Core.Publishing;

public enum PublishOutcome
{
    /// <summary>First publication of this body's report for this year.</summary>
    Published,
    /// <summary>A new version of an already published report, with a 更正公告.</summary>
    Corrected,
    /// <summary>Identical to the latest published version: nothing new was written.</summary>
    Unchanged,
    /// <summary>
    /// Identical to data another claimant (another upload) published at the same moment: this call helped complete
    /// that one publication; it added no version of its own.
    /// </summary>
    Joined,
}

/// <summary>Site-relative paths (blob names in the site container) of one version's files.</summary>
public sealed record PublishedPaths(string Pdf, string Html, string Notice, string Report, string? Ofd = null);

/// <summary>Absolute, percent-encoded URLs of one version's pages and of the site's listings.</summary>
public sealed record PublishedUrls(Uri Pdf, Uri Html, Uri Notice, Uri Index, Uri Feed, Uri Manifest, Uri? Ofd = null);

/// <summary>What a publication did. For <see cref="PublishOutcome.Unchanged"/> it describes the existing latest version.</summary>
public sealed record PublishResult(
    PublishOutcome Outcome,
    string Body,
    int Year,
    int Version,
    DateTimeOffset PublishedAt,
    string Slug,
    PublishedPaths Paths,
    PublishedUrls Urls,
    ReportChanges? Changes);
