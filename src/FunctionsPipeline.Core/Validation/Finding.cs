using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

public enum Severity { Error, Warning }

/// <summary>
/// One problem found in a workbook: a stable code (e.g. <c>BALANCE_R1</c>), where it is
/// (sheet and cell; empty when the whole file or a missing label is meant), a Chinese message
/// that tells the clerk what to fix, and the expected and actual values where arithmetic is involved.
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    string Sheet,
    string Cell,
    string Message,
    string? Expected = null,
    string? Actual = null)
{
    /// <summary>A file that could not be read at all becomes one error about the whole file.</summary>
    public static Finding FromFileProblem(FileProblem problem) =>
        new(problem.Code, Severity.Error, "", "", $"{problem.FileName}：{problem.Message}");

    /// <summary>How a clerk reads the location: <c>三!H7</c>, or empty for the whole file.</summary>
    public string Location => Sheet.Length == 0 ? "" : Cell.Length == 0 ? Sheet : $"{Sheet}!{Cell}";

    /// <summary>
    /// The message as a clerk reads it on its own line, naming its location once: most messages already start with it
    /// (<c>三!J5：…</c>); the others get it put in front. Every host prints this, never location and message side by side.
    /// </summary>
    public string Text => Location.Length == 0 || Message.StartsWith(Location, StringComparison.Ordinal) ? Message : $"{Location}：{Message}";
}
