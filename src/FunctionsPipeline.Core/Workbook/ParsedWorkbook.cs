namespace FunctionsPipeline.Core.Workbook;

/// <summary>Where a value came from: sheet name and A1 address, shown to clerks as <c>三!D7</c>.</summary>
public sealed record CellLocation(string Sheet, string Address)
{
    public override string ToString() => $"{Sheet}!{Address}";
}

/// <summary>
/// A cell exactly as the reader returned it. <see cref="Value"/> is null (blank), string, double,
/// bool or DateTime. Nothing is coerced here: validation decides what is acceptable.
/// </summary>
public sealed record RawCell(CellLocation At, object? Value);

/// <summary>
/// What the workbook stage found, keyed by <see cref="Model.ReportFields"/> ids. A field whose
/// label was not found at all is absent from <see cref="Fields"/>.
/// </summary>
public sealed record ParsedWorkbook(
    string FileName,
    IReadOnlyDictionary<string, RawCell> Fields,
    bool LooksLike2019TrialFormat,
    CellLocation? TrialFormatMarkerAt = null)
{
    public RawCell? this[string fieldId] => Fields.TryGetValue(fieldId, out var cell) ? cell : null;

    /// <summary>
    /// Every sheet's raw values by sheet name (rows and columns zero-based, as <see cref="RawCell.Value"/>), for the checks
    /// that read beyond the report's fields (the region summary's 汇总说明 and trace sheets). Empty when not read from a file.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object?[]>> Sheets { get; init; } = new Dictionary<string, IReadOnlyList<object?[]>>();
}

/// <summary>A file that cannot be read at all (not a workbook, encrypted, macro, too large …).</summary>
public sealed record FileProblem(string Code, string FileName, string Message);

/// <summary>Either a parsed workbook or a file problem.</summary>
public sealed record ParseResult(ParsedWorkbook? Workbook, FileProblem? Problem)
{
    public static ParseResult Ok(ParsedWorkbook workbook) => new(workbook, null);
    public static ParseResult Fail(string code, string fileName, string message) => new(null, new FileProblem(code, fileName, message));
    public bool Succeeded => Workbook is not null;
}
