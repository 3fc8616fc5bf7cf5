using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace FunctionsPipeline.Core.Workbook;

public enum WorkbookFileType { OpenXml, BinaryXls, Csv }

/// <summary>
/// Runs before any spreadsheet reader: decides the file type by its first bytes (never by its
/// name), and refuses empty, foreign, macro-enabled, encrypted and oversized files from the zip
/// central directory and the OLE2 directory alone, without decompressing anything.
/// </summary>
internal static class FilePreCheck
{
    private const string SheetMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const string TemplateMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";

    private static readonly string[] MacroContentTypes =
    [
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
        "application/vnd.ms-excel.addin.macroEnabled.main+xml",
        "application/vnd.ms-office.vbaProject",
    ];

    /// <summary>Either the detected type (problem null) or the reason the file is refused.</summary>
    public static (WorkbookFileType Type, FileProblem? Problem) Check(byte[] data, string fileName, WorkbookLimits limits)
    {
        if (data.Length == 0) return Fail(FileProblemCodes.Empty, fileName, $"文件“{fileName}”是空文件（0 字节），请重新上传填好的年度报告工作簿。");

        var head = data.AsSpan(0, Math.Min(data.Length, 8));
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8)) return CheckZip(data, fileName, limits);
        if (head.StartsWith(CompoundFile.Signature)) return CheckCompoundFile(data, fileName);
        if (head.StartsWith("%PDF"u8))
        {
            return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是 PDF 文件，不是 Excel 工作簿。请上传填好的年度报告模板（.xlsx）。");
        }
        return CheckText(data, fileName);
    }

    private static (WorkbookFileType, FileProblem?) CheckZip(byte[] data, string fileName, WorkbookLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(data, writable: false), ZipArchiveMode.Read);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            return Fail(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”已损坏或不完整（压缩包结构无法读取），请在 Excel 中重新保存后上传。");
        }
        using (zip)
        {
            if (zip.Entries.Count > limits.MaxZipEntries)
            {
                return Fail(FileProblemCodes.TooLarge, fileName, $"文件“{fileName}”包含的部件过多（{zip.Entries.Count} 个），不像是年度报告工作簿，已拒收。");
            }
            long total = 0;
            ZipArchiveEntry? contentTypes = null;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var tooBig = entry.Length > limits.MaxPartBytes || total > limits.MaxTotalUncompressedBytes;
                var ratio = entry.CompressedLength > 0 ? (double)entry.Length / entry.CompressedLength : entry.Length > 0 ? double.PositiveInfinity : 0;
                var bomb = entry.Length >= limits.RatioCheckFromBytes && ratio > limits.MaxCompressionRatio;
                if (tooBig || bomb)
                {
                    return Fail(FileProblemCodes.TooLarge, fileName,
                        $"文件“{fileName}”解压后过大（部件“{entry.FullName}”声明 {FormatBytes(entry.Length)}），远超年度报告的正常大小，已拒收。请使用标准模板填写。");
                }
                if (entry.Name.Equals("vbaProject.bin", StringComparison.OrdinalIgnoreCase))
                {
                    return MacroProblem(fileName);
                }
                if (entry.FullName == "[Content_Types].xml") contentTypes = entry;
            }
            if (contentTypes is null)
            {
                return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是一个普通压缩包，不是 Excel 工作簿。请上传填好的年度报告模板（.xlsx）。");
            }

            HashSet<string> types;
            try
            {
                types = ReadContentTypes(contentTypes);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
            {
                return Fail(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”已损坏（内容类型清单无法读取），请在 Excel 中重新保存后上传。");
            }
            if (MacroContentTypes.Any(types.Contains)) return MacroProblem(fileName);
            if (types.Contains(SheetMain) || types.Contains(TemplateMain))
            {
                // ExcelDataReader quietly stops at malformed XML and returns a half-read sheet; refuse such files here.
                var broken = zip.Entries.FirstOrDefault(e => IsXmlPart(e.FullName) && !IsWellFormed(e));
                return broken is null
                    ? (WorkbookFileType.OpenXml, null)
                    : Fail(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”已损坏（部件“{broken.FullName}”不完整或格式错误），请在 Excel 中打开并重新保存后上传。");
            }
            var what = types.Any(t => t.Contains("wordprocessingml", StringComparison.Ordinal)) ? "Word 文档"
                : types.Any(t => t.Contains("presentationml", StringComparison.Ordinal)) ? "PowerPoint 演示文稿"
                : types.Any(t => t.Contains("ms-excel.sheet.binary", StringComparison.Ordinal)) ? "Excel 二进制工作簿（.xlsb）"
                : "其他类型的文件";
            return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是{what}，不是 Excel 工作簿（.xlsx/.xls）。请上传填好的年度报告模板。");
        }
    }

    private static bool IsXmlPart(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static readonly XmlReaderSettings StrictXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, // also refuses entity-expansion bombs
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    private static bool IsWellFormed(ZipArchiveEntry entry)
    {
        try
        {
            using var stream = entry.Open();
            using var xml = XmlReader.Create(stream, StrictXml);
            while (xml.Read()) { }
            return true;
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
        {
            return false;
        }
    }

    private static HashSet<string> ReadContentTypes(ZipArchiveEntry entry)
    {
        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.GetAttribute("ContentType") is { } type) types.Add(type);
        }
        return types;
    }

    private static (WorkbookFileType, FileProblem?) CheckCompoundFile(byte[] data, string fileName)
    {
        var cfb = CompoundFile.TryOpen(data);
        if (cfb is null)
        {
            return Fail(FileProblemCodes.Corrupt, fileName, $"文件“{fileName}”已损坏或不完整（OLE2 结构无法读取），请在 Excel 中重新保存后上传。");
        }
        if (cfb.Has("EncryptedPackage") || cfb.Has("EncryptionInfo")) return EncryptedProblem(fileName);
        var workbook = cfb.Find("Workbook") ?? cfb.Find("Book");
        if (workbook is null)
        {
            var what = cfb.Has("WordDocument") ? "Word 文档（.doc）" : cfb.Has("PowerPoint Document") ? "PowerPoint 演示文稿（.ppt）" : "其他 Office 或 OLE2 文件";
            return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是{what}，不是 Excel 工作簿。请上传填好的年度报告模板。");
        }
        if (cfb.Has("_VBA_PROJECT_CUR")) return MacroProblem(fileName);
        if (IsEncryptedBiff(cfb.ReadPrefix(workbook, 64))) return EncryptedProblem(fileName);
        return (WorkbookFileType.BinaryXls, null);
    }

    /// <summary>A BIFF8 workbook stream whose BOF record is followed by FILEPASS (0x002F) is encrypted.</summary>
    internal static bool IsEncryptedBiff(byte[]? prefix)
    {
        if (prefix is null || prefix.Length < 8) return false;
        var first = BinaryPrimitives.ReadUInt16LittleEndian(prefix);
        if (first is not (0x0809 or 0x0409 or 0x0209 or 0x0009)) return false;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(2));
        var next = 4 + length;
        return next + 2 <= prefix.Length && BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(next)) == 0x002F;
    }

    private static (WorkbookFileType, FileProblem?) CheckText(byte[] data, string fileName)
    {
        var sample = data.AsSpan(0, Math.Min(data.Length, 64 * 1024));
        foreach (var b in sample)
        {
            // Text never holds NUL or most C0 controls; random bytes and binaries almost always do.
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1A))
            {
                return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”不是 Excel 工作簿或 CSV 文件（无法识别的文件内容）。请上传填好的年度报告模板（.xlsx）。");
            }
        }
        var trimmed = Encoding.UTF8.GetString(sample[..Math.Min(sample.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('<'))
        {
            return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是网页或 XML 文件（有些系统导出的“xls”其实是网页），不是 Excel 工作簿。请在 Excel 中另存为 .xlsx 后上传。");
        }
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(FileProblemCodes.NotWorkbook, fileName, $"文件“{fileName}”是纯文本，不是 Excel 工作簿。如为 CSV 表格，请使用 .csv 扩展名；否则请上传填好的年度报告模板（.xlsx）。");
        }
        return (WorkbookFileType.Csv, null);
    }

    private static (WorkbookFileType, FileProblem?) MacroProblem(string fileName) =>
        Fail(FileProblemCodes.Macro, fileName, $"文件“{fileName}”包含宏（VBA 代码），出于安全原因不予处理。请在 Excel 中另存为不含宏的 .xlsx 工作簿后上传。");

    private static (WorkbookFileType, FileProblem?) EncryptedProblem(string fileName) =>
        Fail(FileProblemCodes.Encrypted, fileName, $"文件“{fileName}”设置了打开密码（已加密），无法读取。请在 Excel 中取消密码保护后重新上传。");

    internal static (WorkbookFileType, FileProblem?) Fail(string code, string fileName, string message) =>
        (default, new FileProblem(code, fileName, message));

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} 字节",
    };
}
