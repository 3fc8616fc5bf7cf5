using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>
/// Builds template workbooks with arbitrary cell values for tests: start blank or from a report,
/// then put anything a clerk could type (" 7 ", "十二", "/", 3.5, -1, null …) into any field's cell.
/// <code>
/// var parsed = WorkbookFactory.From(SampleReports.County)
///     .Set(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson), "十二")
///     .Parse();
/// </code>
/// </summary>
public sealed class WorkbookFactory
{
    private readonly Dictionary<string, object?> _values;
    private readonly Dictionary<string, object?> _totalsAsValues = new();
    private readonly Dictionary<string, double?> _cachedTotals = new();
    private readonly List<ExtraCell> _extraCells = [];

    private WorkbookFactory(IReadOnlyDictionary<string, object?> values) => _values = new Dictionary<string, object?>(values);

    /// <summary>The blank template: every input cell empty.</summary>
    public static WorkbookFactory Blank() => new(new Dictionary<string, object?>());

    /// <summary>The template filled with a report's values (totals as formulas with their cached sums).</summary>
    public static WorkbookFactory From(AnnualReport report) => new(ReportFieldValues.From(report));

    /// <summary>Where a field sits in the template, e.g. <c>三!D7</c>.</summary>
    public static CellLocation LocationOf(string fieldId) => TemplateLayout.FieldCells[fieldId];

    /// <summary>
    /// Writes a raw value into the field's cell (null = blank). For a total field the formula is
    /// replaced by the plain value, as in a workbook where totals were typed.
    /// </summary>
    public WorkbookFactory Set(string fieldId, object? value)
    {
        if (ReportFields.Get(fieldId).IsComputedTotal) _totalsAsValues[fieldId] = value;
        else _values[fieldId] = value;
        return this;
    }

    /// <summary>Keeps a total's formula but stores this cached result (a stale or tampered cache; null = no cache).</summary>
    public WorkbookFactory SetCachedTotal(string fieldId, double? cached)
    {
        if (!ReportFields.Get(fieldId).IsComputedTotal) throw new ArgumentException($"{fieldId} is not a total", nameof(fieldId));
        _cachedTotals[fieldId] = cached;
        return this;
    }

    /// <summary>Writes any cell outside the fields, e.g. a note or an old-format header: <c>WithCell("二", "F3", "本年新制作数量")</c>.</summary>
    public WorkbookFactory WithCell(string sheet, string address, object? value)
    {
        _extraCells.Add(new ExtraCell(sheet, address, value));
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, new TemplateContent(_values, _totalsAsValues, _cachedTotals, _extraCells));
        return stream.ToArray();
    }

    public MemoryStream ToStream() => new(ToBytes(), writable: false);

    /// <summary>Writes and parses; fails the test if the file itself is refused.</summary>
    public ParsedWorkbook Parse(string fileName = "报告.xlsx")
    {
        using var stream = ToStream();
        var result = WorkbookReader.Read(stream, fileName);
        return result.Workbook ?? throw new InvalidOperationException($"{result.Problem!.Code}: {result.Problem.Message}");
    }
}
