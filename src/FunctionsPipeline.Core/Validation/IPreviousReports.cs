using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// Where validation finds the body's previous report for its year-on-year checks (<see cref="ValidationContext.Previous"/>):
/// the published site in the app (its publisher implements this), nothing in a plain <c>fp validate</c>.
/// </summary>
public interface IPreviousReports
{
    /// <summary>The body's current report for the most recent year before <paramref name="beforeYear"/>, or null.</summary>
    Task<AnnualReport?> FindAsync(string body, int beforeYear, CancellationToken cancellationToken);
}
