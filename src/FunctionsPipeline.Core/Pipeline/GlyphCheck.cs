using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>
/// The glyph-coverage check between building the document and rendering it: a character none of the PDF fonts can draw
/// (emoji, rare CJK) would print as a blank box, so it becomes a <see cref="PipelineCodes.GlyphMissing"/> error at the
/// workbook cell the text came from, and nothing is rendered.
/// </summary>
public static class GlyphCheck
{
    public static IReadOnlyList<Finding> Run(ReportDocument document, ParsedWorkbook? workbook, PdfRenderer renderer) =>
        renderer.FindMissingGlyphs(document).Select(missing => Finding(missing, workbook)).ToList();

    /// <summary>The validation result turned into a rejection (its report withdrawn) when a character is missing; null when the PDF can show everything.</summary>
    public static ValidationResult? Reject(ValidationResult validation, ReportDocument document, ParsedWorkbook? workbook, PdfRenderer renderer) =>
        Run(document, workbook, renderer) is { Count: > 0 } glyphs ? validation with { Errors = glyphs, Report = null } : null;

    private static Finding Finding(MissingGlyph missing, ParsedWorkbook? workbook)
    {
        var character = missing.Character.ToString();
        var cells = workbook?.Fields.Values.Where(c => c.Value is string).ToList() ?? [];
        // The cell whose text the block shows; else (a title made of several fields) the first cell holding the character.
        var cell = cells.FirstOrDefault(c => ((string)c.Value!).Contains(missing.Text, StringComparison.Ordinal))
                   ?? cells.FirstOrDefault(c => ((string)c.Value!).Contains(character, StringComparison.Ordinal));
        return new Finding(PipelineCodes.GlyphMissing, Severity.Error, cell?.At.Sheet ?? "", cell?.At.Address ?? "",
            $"字符“{character}”（{missing.CodePoint}）不在报告所用字体中，PDF 中会显示为空白。请删除该字符（如表情符号）或改用常用汉字。",
            Actual: missing.CodePoint);
    }
}
