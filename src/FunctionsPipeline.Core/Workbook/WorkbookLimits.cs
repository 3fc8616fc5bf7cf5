namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// How large an upload may be. The template's largest sheet is 29 rows × 15 columns and a filled
/// template is well under 1 MB, so these leave room for clerks' own layouts while refusing zip
/// bombs and runaway sheets before any real work is done.
/// </summary>
public sealed record WorkbookLimits
{
    public const string SectionName = "Workbook";

    public static WorkbookLimits Default { get; } = new();

    /// <summary>Largest upload read at all.</summary>
    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Sum of the declared uncompressed sizes of all zip entries.</summary>
    public long MaxTotalUncompressedBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Declared uncompressed size of one zip entry (sheet, shared strings …).</summary>
    public long MaxPartBytes { get; init; } = 40L * 1024 * 1024;

    /// <summary>Uncompressed ÷ compressed size of an entry; office XML is rarely above 30.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>The ratio is only checked for entries at least this large (tiny parts compress oddly).</summary>
    public long RatioCheckFromBytes { get; init; } = 1024 * 1024;

    public int MaxZipEntries { get; init; } = 1000;

    public int MaxSheets { get; init; } = 50;

    /// <summary>Rows per sheet; the template has 29, a one-sheet pasted layout about 100.</summary>
    public int MaxRows { get; init; } = 2000;

    /// <summary>Columns per sheet; the template has 15.</summary>
    public int MaxColumns { get; init; } = 200;
}
