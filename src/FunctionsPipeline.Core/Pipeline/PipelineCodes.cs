using FunctionsPipeline.Core.Requests;
namespace FunctionsPipeline.Core.Pipeline;

/// <summary>Stable codes of findings the pipeline itself adds (besides the workbook and validation codes).</summary>
public static class PipelineCodes
{
    /// <summary>The upload's file extension is not one of <see cref="PipelineOptions.AllowedExtensions"/>.</summary>
    public const string TypeNotAllowed = "FILE_TYPE_NOT_ALLOWED";

    /// <summary>A character in the report is in none of the PDF fonts (emoji, rare CJK): it would print as a blank box.</summary>
    public const string GlyphMissing = "GLYPH_MISSING";

    /// <summary>
    /// The upload's name has a <c>.</c> or <c>..</c> path segment (e.g. <c>..\..\$web\index.xlsx</c>, stored as
    /// <c>../../$web/index.xlsx</c>): blob URLs resolve such segments, so no trigger can read the blob under its name.
    /// </summary>
    public const string UploadNameInvalid = "UPLOAD_NAME_INVALID";
}
