using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Validation;

/// <summary>All findings of one pass, sorted by sheet and cell; <see cref="Report"/> is set iff there are no errors.</summary>
public sealed record ValidationResult(IReadOnlyList<Finding> Errors, IReadOnlyList<Finding> Warnings, AnnualReport? Report)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The result for a file that could not be read at all.</summary>
    public static ValidationResult FromFileProblem(Workbook.FileProblem problem) =>
        new([Finding.FromFileProblem(problem)], [], null);
}
