namespace FunctionsPipeline.Core.Workbook;

/// <summary>The first sheet of a plain table (not a report), its cells as the reader returned them, addressed like report cells.</summary>
public sealed record SheetTable(string Sheet, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>The cell at zero-based (row, column), or null when outside the rows read.</summary>
    public object? Get(int row, int column) =>
        row >= 0 && row < Rows.Count && column >= 0 && column < Rows[row].Count ? Rows[row][column] : null;

    public CellLocation Locate(int row, int column) => new(Sheet, CellAddress.ToA1(row, column));
}

public static partial class WorkbookReader
{
    /// <summary>
    /// Reads the first sheet of an .xlsx, .xls or .csv (UTF-8 or GB18030, decided as for reports) as a plain table, with
    /// the same pre-check and limits as a report; other sheets are ignored. Never throws for bad input: returns a
    /// <see cref="FileProblem"/> instead (the same codes and messages as a report's).
    /// </summary>
    public static (SheetTable? Table, FileProblem? Problem) ReadTable(Stream content, string fileName, WorkbookLimits? limits = null)
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
            return (null, new FileProblem(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”读取中断，请重新上传。"));
        }
        if (data is null)
        {
            return (null, new FileProblem(FileProblemCodes.TooLarge, fileName, $"文件“{fileName}”超过 {FilePreCheck.FormatBytes(limits.MaxFileBytes)}，已拒收。"));
        }
        var (type, problem) = FilePreCheck.Check(data, fileName, limits);
        if (problem is not null) return (null, problem);
        try
        {
            var (sheets, sheetProblem) = ReadGrids(data, type, fileName, limits);
            if (sheetProblem is not null) return (null, sheetProblem);
            var first = sheets![0];
            return (new SheetTable(first.Name, [.. first.Rows.Select(r => (IReadOnlyList<object?>)r)]), null);
        }
        catch (ExcelDataReader.Exceptions.InvalidPasswordException)
        {
            return (null, new FileProblem(FileProblemCodes.Encrypted, fileName, $"文件“{fileName}”设置了打开密码（已加密），无法读取。请取消密码保护后重新提交。"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, new FileProblem(FileProblemCodes.Corrupt, fileName, CorruptMessage(fileName)));
        }
    }
}
