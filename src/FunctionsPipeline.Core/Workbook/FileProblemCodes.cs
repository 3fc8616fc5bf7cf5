namespace FunctionsPipeline.Core.Workbook;

/// <summary>Stable codes of files that cannot be read at all (see <see cref="FileProblem"/>).</summary>
public static class FileProblemCodes
{
    public const string Empty = "FILE_EMPTY";
    public const string NotWorkbook = "FILE_NOT_WORKBOOK";
    public const string Encrypted = "FILE_ENCRYPTED";
    public const string Macro = "FILE_MACRO";
    public const string TooLarge = "FILE_TOO_LARGE";
    public const string Corrupt = "FILE_CORRUPT";
    public const string SheetTooLarge = "SHEET_TOO_LARGE";
    /// <summary>A readable workbook in which not a single label of the national format was found.</summary>
    public const string NotReport = "FILE_NOT_REPORT";
}
