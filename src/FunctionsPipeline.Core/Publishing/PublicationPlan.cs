namespace FunctionsPipeline.Core.Publishing;

/// <summary>What publishing a report would do against the site as it stands.</summary>
public enum PublicationPlanKind
{
    /// <summary>The body has never published this year's report: version 1, a 发布公告.</summary>
    First,
    /// <summary>A version is live with other data: the next version corrects it, with a 更正公告 listing <see cref="PublicationPlan.Changes"/>.</summary>
    Correction,
    /// <summary>The live version has the same data: nothing to publish.</summary>
    Unchanged,
    /// <summary>Every version was withdrawn (撤回): the next version is a new publication (发布公告), not a correction.</summary>
    AfterWithdrawal,
}

/// <summary>
/// What publishing a report would do, computed in one place (<see cref="SitePublisher.PlanAsync"/>) for both the preview a
/// reviewer reads and the publication itself. <see cref="Live"/> is the version on the site (withdrawn versions are not);
/// <see cref="NextVersion"/> the number a publication would take (withdrawn versions keep theirs).
/// </summary>
public sealed record PublicationPlan(PublicationPlanKind Kind, ManifestEntry? Live, int NextVersion, ReportChanges? Changes, string ContentSha256)
{
    /// <summary>The manifest's kind of the publication: a correction of the live version, else a publication.</summary>
    public string PublicationKind => Kind == PublicationPlanKind.Correction ? Publishing.PublicationKind.Correction : Publishing.PublicationKind.Publish;

    /// <summary>The 索引号 serial the publication would take now (<see cref="CatalogueMetadata.NextSerial"/>); set by <c>SitePublisher.PlanAsync</c>.</summary>
    public int? IndexSerial { get; init; }
}
