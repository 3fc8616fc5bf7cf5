using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>What the stages made of one upload: the findings, and the publication (or the preview) if it got that far.</summary>
public sealed record PipelineResult(ValidationResult Validation, PublishResult? Publication)
{
    /// <summary>ReviewRequired: the preview written instead of a publication.</summary>
    public Review.PreviewResult? Preview { get; init; }

    public static PipelineResult Rejected(ValidationResult validation) => new(validation, null);

    public static PipelineResult Refused(FileProblem problem) => new(ValidationResult.FromFileProblem(problem), null);
}
