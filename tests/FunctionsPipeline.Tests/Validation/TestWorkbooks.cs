using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>Builds parsed workbooks from reports and lets a test overwrite single cells.</summary>
internal static class TestWorkbooks
{
    /// <summary>20 January 2025, 10:00 Beijing time: before the default deadline for 2024 reports.</summary>
    public static readonly DateTimeOffset OnTime = new(2025, 1, 20, 10, 0, 0, TimeSpan.FromHours(8));

    public static ValidationContext Context(AnnualReport? previous = null, ValidationOptions? options = null) =>
        new(OnTime, previous, options);

    public static ParsedWorkbook Seed() => ReportCells.ToParsedWorkbook(SampleReports.Seed, "seed.xlsx");

    public static ParsedWorkbook County() => ReportCells.ToParsedWorkbook(SampleReports.County, "county.xlsx");

    /// <summary>The same workbook with one cell's raw value replaced (location unchanged).</summary>
    public static ParsedWorkbook With(this ParsedWorkbook workbook, string fieldId, object? value)
    {
        var fields = new Dictionary<string, RawCell>(workbook.Fields) { [fieldId] = workbook.Fields[fieldId] with { Value = value } };
        return workbook with { Fields = fields };
    }

    /// <summary>The same workbook as if the parser had not found the field's label.</summary>
    public static ParsedWorkbook Without(this ParsedWorkbook workbook, string fieldId)
    {
        var fields = new Dictionary<string, RawCell>(workbook.Fields);
        fields.Remove(fieldId);
        return workbook with { Fields = fields };
    }

    public static object? Raw(this ParsedWorkbook workbook, string fieldId) => workbook.Fields[fieldId].Value;

    /// <summary>Adds <paramref name="delta"/> to a numeric cell.</summary>
    public static ParsedWorkbook Add(this ParsedWorkbook workbook, string fieldId, double delta) =>
        workbook.With(fieldId, (double)workbook.Raw(fieldId)! + delta);

    public static string B(TableBRow row, ApplicantColumn column) => ReportFields.TableB(row, column);

    public static string At(string fieldId) => ReportCells.Layout[fieldId].ToString();

    public static ValidationResult Validate(this ParsedWorkbook workbook, ValidationContext? context = null) =>
        ReportValidator.Validate(workbook, context ?? Context());
}
