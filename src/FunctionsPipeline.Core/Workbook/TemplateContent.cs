namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// What to write into the template. <see cref="Values"/> fills input cells by field id with any raw
/// value (string, int, double, decimal, bool, DateTime or null for blank); values given for total
/// fields are ignored there, because totals are formulas. <see cref="TotalsAsValues"/> replaces a
/// total's formula by a plain value (as a pasted table would have); <see cref="CachedTotals"/> keeps
/// the formula but stores a chosen cached result (a stale or tampered cache). <see cref="ExtraCells"/>
/// writes any further cell (notes, old-format headers …) at a sheet address.
/// </summary>
public sealed record TemplateContent(
    IReadOnlyDictionary<string, object?> Values,
    IReadOnlyDictionary<string, object?>? TotalsAsValues = null,
    IReadOnlyDictionary<string, double?>? CachedTotals = null,
    IReadOnlyList<ExtraCell>? ExtraCells = null)
{
    public static TemplateContent Blank { get; } = new(new Dictionary<string, object?>());
}

/// <summary>A cell written outside the template's fields, e.g. <c>new ExtraCell("三", "L2", "注：…")</c>.</summary>
public sealed record ExtraCell(string Sheet, string Address, object? Value);
