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
    string? Actual = null);
