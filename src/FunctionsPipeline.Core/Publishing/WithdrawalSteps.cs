
namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// The writes of one withdrawal, in order, as the fault hook (<see cref="IPublishFaults"/>) sees them. The manifest and
/// the listings use the publishing steps' names (<see cref="PublishSteps.Manifest"/>, <see cref="PublishSteps.BodyPage"/> …).
/// </summary>
public static class WithdrawalSteps
{
    /// <summary>The withdrawal's record in the private archive (who, why, when): written once, re-used by a retry.</summary>
    public const string Claim = "withdrawal-claim";
    /// <summary>The 撤回公告 in $web.</summary>
    public const string Notice = "withdrawal-notice";
    /// <summary>Each withdrawn version's notice: the original is archived, then it is rewritten to say it was withdrawn.</summary>
    public const string WithdrawnNotices = "withdrawn-notices";
    /// <summary>A withdrawn file copied to the archive (then read back and its SHA-256 compared).</summary>
    public const string Archive = "archive";
    /// <summary>A withdrawn file deleted from $web once its archived copy is verified.</summary>
    public const string Remove = "remove";

    public static IReadOnlyList<string> InOrder { get; } =
    [
        Claim, Notice, PublishSteps.Manifest, PublishSteps.BodyPage, PublishSteps.YearPage, PublishSteps.MonthPage,
        PublishSteps.Recent, PublishSteps.Feed, PublishSteps.Index, WithdrawnNotices, Archive, Remove,
    ];
}
