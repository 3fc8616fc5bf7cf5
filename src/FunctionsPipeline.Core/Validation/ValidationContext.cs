using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// What validation needs besides the workbook: when the report is being published, the previous
/// publication of the same body (for copy-paste warnings) and the deployment's options.
/// </summary>
public sealed record ValidationContext(DateTimeOffset PublishedAt, AnnualReport? Previous = null, ValidationOptions? Options = null)
{
    public ValidationOptions EffectiveOptions => Options ?? new ValidationOptions();

    /// <summary>The publication date in the local calendar the deadline refers to.</summary>
    public DateOnly PublishedLocalDate => DateOnly.FromDateTime(PublishedAt.ToOffset(EffectiveOptions.LocalUtcOffset).DateTime);
}
