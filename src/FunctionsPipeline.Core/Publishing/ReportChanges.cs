using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>One changed value: where it is (section, official row/column labels) and old → new.</summary>
public sealed record ValueChange(string FieldId, string Section, string Label, string Old, string New);

/// <summary>What a correction changed: table cells and basic information old → new, and which prose sections were edited.</summary>
public sealed record ReportChanges(ValueList<ValueChange> Values, ValueList<string> ChangedSections)
{
    public bool IsEmpty => Values.Count == 0 && ChangedSections.Count == 0;
}
