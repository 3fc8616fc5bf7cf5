namespace FunctionsPipeline.Core.Validation;

/// <summary>
/// How the clerk's views list findings: findings about cells first (in workbook order), then the findings about
/// the prose grouped under their section (一、总体情况, 五…, 六…), in the order the sections first appear.
/// </summary>
public static class FindingGroups
{
    /// <summary>Groups in display order; <c>Section</c> is null for the findings that are not about prose.</summary>
    public static IReadOnlyList<(string? Section, IReadOnlyList<Finding> Findings)> BySection(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var groups = new List<(string?, IReadOnlyList<Finding>)>();
        var cells = findings.Where(f => f.Quote is null).ToList();
        if (cells.Count > 0) groups.Add((null, cells));
        foreach (var section in findings.Where(f => f.Quote is not null).GroupBy(f => f.Quote!.Section, StringComparer.Ordinal))
        {
            groups.Add((section.Key, section.ToList()));
        }
        return groups;
    }
}
