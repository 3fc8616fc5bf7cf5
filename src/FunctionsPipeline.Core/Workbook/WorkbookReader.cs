using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace FunctionsPipeline.Core.Workbook;

/// <summary>
/// Reads an uploaded .xlsx, .xls or .csv into a <see cref="ParsedWorkbook"/>: the pre-check first
/// (type by magic bytes, macros, encryption, declared sizes), then ExcelDataReader into plain grids,
/// then every field found by its label. Never throws for bad input: a file that cannot be read gives
/// one <see cref="FileProblem"/> with a stable code and a Chinese message naming the file.
/// </summary>
public static partial class WorkbookReader
{
    static WorkbookReader()
    {
        // GB18030 for CSV from Chinese Excel/WPS and code pages of old .xls; part of the shared framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static ParseResult Read(Stream content, string fileName, WorkbookLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        limits ??= WorkbookLimits.Default;
        fileName = string.IsNullOrWhiteSpace(fileName) ? "（未命名文件）" : Path.GetFileName(fileName);

        byte[]? data;
        try
        {
            data = ReadBounded(content, limits.MaxFileBytes);
        }
        catch (IOException)
        {
            return ParseResult.Fail(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”读取中断，请重新上传。");
        }
        if (data is null)
        {
            return ParseResult.Fail(FileProblemCodes.TooLarge, fileName,
                $"文件“{fileName}”超过 {FilePreCheck.FormatBytes(limits.MaxFileBytes)}，远超年度报告工作簿的正常大小，已拒收。");
        }

        var (type, problem) = FilePreCheck.Check(data, fileName, limits);
        if (problem is not null) return new ParseResult(null, problem);

        List<SheetGrid> sheets;
        try
        {
            var (grids, sheetProblem) = ReadGrids(data, type, fileName, limits);
            if (sheetProblem is not null) return new ParseResult(null, sheetProblem);
            sheets = grids!;
        }
        catch (InvalidPasswordException)
        {
            return ParseResult.Fail(FileProblemCodes.Encrypted, fileName, $"文件“{fileName}”设置了打开密码（已加密），无法读取。请在 Excel 中取消密码保护后重新上传。");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ExcelDataReader throws many exception types for damaged files; the clerk needs one clear sentence.
            return ParseResult.Fail(FileProblemCodes.Corrupt, fileName, CorruptMessage(fileName));
        }

        var locator = new FieldLocator(sheets);
        var fields = locator.LocateAll();
        if (fields.Count == 0 && locator.TrialFormatMarkerAt is null)
        {
            return ParseResult.Fail(FileProblemCodes.NotReport, fileName,
                $"文件“{fileName}”中找不到年度报告的任何栏目（如“机关名称”“自然人”“（一）予以公开”）。请使用标准模板填写。");
        }
        var byName = new Dictionary<string, IReadOnlyList<object?[]>>(StringComparer.Ordinal);
        foreach (var sheet in sheets) byName.TryAdd(sheet.Name, sheet.Rows);
        return ParseResult.Ok(new ParsedWorkbook(fileName, fields, locator.TrialFormatMarkerAt is not null, locator.TrialFormatMarkerAt) { Sheets = byName });
    }

    /// <summary>The whole upload, or null as soon as it is known to exceed <paramref name="maxBytes"/>.</summary>
    private static byte[]? ReadBounded(Stream content, long maxBytes)
    {
        if (content.CanSeek && content.Length - content.Position > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }

    private static (List<SheetGrid>? Sheets, FileProblem? Problem) ReadGrids(byte[] data, WorkbookFileType type, string fileName, WorkbookLimits limits)
    {
        var configuration = new ExcelReaderConfiguration
        {
            // Old .xls files without a code page record.
            FallbackEncoding = Encoding.GetEncoding("GB18030"),
            LeaveOpen = false,
        };
        using var stream = new MemoryStream(type == WorkbookFileType.Csv ? CsvAsUtf8WithBom(data) : data, writable: false);
        using var reader = type == WorkbookFileType.Csv
            ? ExcelReaderFactory.CreateCsvReader(stream, configuration)
            : ExcelReaderFactory.CreateReader(stream, configuration);

        var sheets = new List<SheetGrid>();
        if (type != WorkbookFileType.Csv && reader.ResultsCount == 0)
        {
            // A workbook without any sheet the reader can find: its workbook part is damaged.
            return (null, new FileProblem(FileProblemCodes.Corrupt, fileName, CorruptMessage(fileName)));
        }
        do
        {
            var name = string.IsNullOrEmpty(reader.Name) ? Path.GetFileNameWithoutExtension(fileName) : reader.Name;
            if (sheets.Count >= limits.MaxSheets)
            {
                return (null, new FileProblem(FileProblemCodes.SheetTooLarge, fileName,
                    $"文件“{fileName}”的工作表过多（超过 {limits.MaxSheets} 个），不像是年度报告工作簿，已拒收。"));
            }
            if (reader.RowCount > limits.MaxRows || reader.FieldCount > limits.MaxColumns)
            {
                return (null, new FileProblem(FileProblemCodes.SheetTooLarge, fileName,
                    $"文件“{fileName}”的工作表“{name}”过大（{reader.RowCount} 行 × {reader.FieldCount} 列，上限 {limits.MaxRows} 行 × {limits.MaxColumns} 列），" +
                    "远超年度报告模板。请删除多余的行列（或远处误填的单元格）后重新上传。"));
            }
            var rows = new List<object?[]>(reader.RowCount);
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var c = 0; c < row.Length; c++)
                {
                    var value = Raw(reader.GetValue(c));
                    row[c] = type == WorkbookFileType.Csv ? CsvNumber(value) : value;
                }
                rows.Add(row);
            }
            var merges = (reader.MergeCells ?? []).Select(m => new CellSpan(m.FromRow, m.FromColumn, m.ToRow, m.ToColumn)).ToList();
            sheets.Add(new SheetGrid(name, rows, merges));
        }
        while (reader.NextResult());
        return (sheets, null);
    }

    /// <summary>
    /// CSV encoding decided here, over the whole file: strict UTF-8 (with or without BOM) if every
    /// byte sequence is valid UTF-8, otherwise GB18030 (what Chinese Excel and WPS write). The text
    /// is handed to ExcelDataReader as UTF-8 with a BOM so it cannot guess differently from a prefix.
    /// </summary>
    internal static byte[] CsvAsUtf8WithBom(byte[] data)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var body = data.AsSpan().StartsWith(bom) ? data.AsSpan(3) : data.AsSpan();
        if (System.Text.Unicode.Utf8.IsValid(body)) return [.. bom, .. body];
        var text = Encoding.GetEncoding("GB18030").GetString(body);
        return [.. bom, .. Encoding.UTF8.GetBytes(text)];
    }

    private static string CorruptMessage(string fileName) =>
        $"文件“{fileName}”已损坏或内容无法识别，请在 Excel 中打开并重新保存为 .xlsx 后上传。";

    /// <summary>The reader's value in the contract's shape: null, string, double, bool or DateTime. An empty string is blank.</summary>
    /// <summary>
    /// CSV has no cell types, so a plain numeral ("12", "0.0125", "-1") is what a number cell would
    /// hold and becomes a double. Anything else (" 7 ", "十二", "/", "1,234") stays text for
    /// validation to judge, exactly as in a typed workbook.
    /// </summary>
    private static object? CsvNumber(object? value) =>
        value is string s && PlainNumeral().IsMatch(s) &&
        double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number
            : value;

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")]
    private static partial System.Text.RegularExpressions.Regex PlainNumeral();

    private static object? Raw(object? value) => value switch
    {
        null or DBNull => null,
        string { Length: 0 } => null,
        string s => s,
        double or bool or DateTime => value,
        byte or short or int or long or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalDays,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
