using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Validation;

/// <summary>Whose report for which year a workbook holds, read by the validator's own field rules (one year parser).</summary>
public static class ReportIdentity
{
    /// <summary>
    /// 机关名称 and 报告年度 as validation reads them, or null if either is missing or not acceptable (e.g. <c>2024年</c>:
    /// the year must be four digits). The pipeline looks up the previous publication by it before validating.
    /// </summary>
    public static (string Body, int Year)? Read(ParsedWorkbook workbook, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        ArgumentNullException.ThrowIfNull(context);
        var read = new FieldReader(workbook, []);
        return read.Text(ReportFields.Body, required: true) is { } body && read.Year(ReportFields.Year, context.PublishedLocalDate.Year) is { } year
            ? (body, year)
            : null;
    }
}
