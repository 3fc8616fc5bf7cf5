using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Robustness;

namespace FunctionsPipeline.Tests.Workbook;

/// <summary>Every class of file that is not a readable report workbook is refused with its stable code and a Chinese message naming the file.</summary>
public sealed class HostileFileTests
{
    private static byte[] Template() => WorkbookFactory.From(SampleReports.County).ToBytes();

    private static FileProblem Refused(byte[] bytes, string fileName, string expectedCode, WorkbookLimits? limits = null)
    {
        var result = WorkbookReader.Read(new MemoryStream(bytes), fileName, limits);
        Assert.False(result.Succeeded, $"{fileName} was accepted");
        var problem = result.Problem!;
        Assert.Equal(expectedCode, problem.Code);
        Assert.Equal(fileName, problem.FileName);
        Assert.Contains($"“{fileName}”", problem.Message);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.Message);
        Assert.DoesNotContain("Exception", problem.Message);
        Assert.DoesNotContain("   at ", problem.Message);
        return problem;
    }

    [Fact]
    public void Rejects_an_empty_file()
    {
        Refused([], "空.xlsx", FileProblemCodes.Empty);
    }

    [Fact]
    public void Rejects_a_text_file_renamed_xlsx()
    {
        Refused(Encoding.UTF8.GetBytes("机关名称,西集镇\n报告年度,2024\n"), "报告.xlsx", FileProblemCodes.NotWorkbook);
    }

    [Fact]
    public void Rejects_an_html_page_saved_as_xls()
    {
        var problem = Refused(Encoding.UTF8.GetBytes("<html><body><table><tr><td>机关名称</td></tr></table></body></html>"), "导出.xls", FileProblemCodes.NotWorkbook);
        Assert.Contains("网页", problem.Message);
    }

    [Fact]
    public void Rejects_a_pdf_renamed_xlsx()
    {
        var problem = Refused(Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), "报告.xlsx", FileProblemCodes.NotWorkbook);
        Assert.Contains("PDF", problem.Message);
    }

    [Fact]
    public void Rejects_a_word_document_renamed_xlsx()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(new Run(new Text("年度报告")))));
        }
        var problem = Refused(stream.ToArray(), "报告.xlsx", FileProblemCodes.NotWorkbook);
        Assert.Contains("Word", problem.Message);
    }

    [Fact]
    public void Rejects_an_old_word_document_renamed_xls()
    {
        var doc = CompoundFileBuilder.Build(("WordDocument", new byte[5000]));
        var problem = Refused(doc, "报告.xls", FileProblemCodes.NotWorkbook);
        Assert.Contains("Word", problem.Message);
    }

    [Fact]
    public void Rejects_a_plain_zip_renamed_xlsx()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = zip.CreateEntry("说明.txt").Open();
            w.Write(Encoding.UTF8.GetBytes("不是工作簿"));
        }
        Refused(stream.ToArray(), "报告.xlsx", FileProblemCodes.NotWorkbook);
    }

    [Fact]
    public void Rejects_random_bytes_renamed_xlsx()
    {
        var bytes = new byte[10_000];
        new Random(20240101).NextBytes(bytes);
        Refused(bytes, "报告.xlsx", FileProblemCodes.NotWorkbook);
        Refused(bytes, "报告.csv", FileProblemCodes.NotWorkbook);
    }

    [Fact]
    public void Rejects_a_truncated_workbook()
    {
        var template = Template();
        Refused(template[..(template.Length / 2)], "半截.xlsx", FileProblemCodes.Corrupt);
    }

    [Theory]
    [InlineData("xl/workbook.xml")]
    [InlineData("xl/worksheets/sheet3.xml")]
    [InlineData("xl/sharedStrings.xml")]
    public void Rejects_a_workbook_with_a_garbage_part(string part)
    {
        var broken = ZipSurgery.Rewrite(Template(), (name, content) =>
            name == part ? Encoding.UTF8.GetBytes("<worksheet><sheetData><row r=\"1\"><c r=") : content);
        Refused(broken, "坏.xlsx", FileProblemCodes.Corrupt);
    }

    [Fact]
    public void Rejects_a_zip_bomb_from_its_declared_size_without_inflating_it()
    {
        // Patch the central directory so the first sheet declares 3.9 GB uncompressed.
        var bytes = Template();
        var patched = false;
        for (var i = bytes.Length - 46; i >= 0 && !patched; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) != 0x02014b50) continue; // central directory header
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28));
            var name = Encoding.ASCII.GetString(bytes, i + 46, nameLength);
            if (!name.StartsWith("xl/worksheets/", StringComparison.Ordinal)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), 0xF0000000);
            patched = true;
        }
        Assert.True(patched);
        var problem = Refused(bytes, "炸弹.xlsx", FileProblemCodes.TooLarge);
        Assert.Contains("GB", problem.Message);
    }

    [Fact]
    public void Rejects_a_real_deflate_bomb_by_its_compression_ratio()
    {
        var zeros = new byte[30 * 1024 * 1024];
        var bomb = ZipSurgery.Rewrite(Template(), (_, content) => content, ("xl/media/padding.bin", zeros));
        Refused(bomb, "炸弹.xlsx", FileProblemCodes.TooLarge);
    }

    [Fact]
    public void Rejects_huge_shared_strings_from_the_part_size_limit()
    {
        var random = new Random(7);
        var text = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        while (text.Length < 3_000_000) text.Append("<si><t>").Append(random.NextInt64()).Append("</t></si>");
        text.Append("</sst>");
        var huge = ZipSurgery.Rewrite(Template(), (name, content) => name == "xl/sharedStrings.xml" ? Encoding.UTF8.GetBytes(text.ToString()) : content);
        var limits = new WorkbookLimits { MaxPartBytes = 2 * 1024 * 1024 };
        var problem = Refused(huge, "大.xlsx", FileProblemCodes.TooLarge, limits);
        Assert.Contains("sharedStrings.xml", problem.Message);
    }

    [Fact]
    public void Rejects_a_file_larger_than_the_upload_limit_from_seekable_and_network_streams()
    {
        var limits = new WorkbookLimits { MaxFileBytes = 1000 };
        Refused(Template(), "报告.xlsx", FileProblemCodes.TooLarge, limits);
        var result = WorkbookReader.Read(new ForwardOnlyStream(Template()), "报告.xlsx", limits);
        Assert.Equal(FileProblemCodes.TooLarge, result.Problem?.Code);
        Assert.True(WorkbookReader.Read(new ForwardOnlyStream(Template()), "报告.xlsx").Succeeded);
    }

    /// <summary>Like a blob download stream: no length, no seeking.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 700));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Rejects_a_macro_enabled_workbook()
    {
        var xlsm = ZipSurgery.Rewrite(Template(), (name, content) => name == "[Content_Types].xml"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
            : content);
        Refused(xlsm, "报告.xlsm", FileProblemCodes.Macro);
    }

    [Fact]
    public void Rejects_a_workbook_carrying_vbaProject_bin_even_when_named_xlsx()
    {
        var withVba = ZipSurgery.Rewrite(Template(), (_, content) => content, ("xl/vbaProject.bin", new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }));
        Refused(withVba, "报告.xlsx", FileProblemCodes.Macro);
    }

    [Fact]
    public void Rejects_an_encrypted_xlsx()
    {
        var encrypted = CompoundFileBuilder.Build(("EncryptionInfo", new byte[200]), ("EncryptedPackage", Template()));
        var problem = Refused(encrypted, "加密.xlsx", FileProblemCodes.Encrypted);
        Assert.Contains("密码", problem.Message);
    }

    [Fact]
    public void Rejects_an_encrypted_xls()
    {
        // BIFF8 globals: BOF (0x0809, 16 bytes) immediately followed by FILEPASS (0x002F).
        var workbook = new byte[6000];
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(0), 0x0809);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(2), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(4), 0x0600);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(20), 0x002F);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(22), 54);
        Refused(CompoundFileBuilder.Build(("Workbook", workbook)), "加密.xls", FileProblemCodes.Encrypted);
    }

    [Fact]
    public void Rejects_an_xls_with_a_VBA_project()
    {
        var xls = CompoundFileBuilder.Build(("Workbook", new byte[5000]), ("_VBA_PROJECT_CUR", new byte[10]));
        Refused(xls, "宏.xls", FileProblemCodes.Macro);
    }

    [Fact]
    public void Rejects_a_damaged_ole2_file()
    {
        var bytes = CompoundFileBuilder.Build(("Workbook", new byte[5000]));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x30), 999); // directory sector beyond the end
        Refused(bytes, "坏.xls", FileProblemCodes.Corrupt);
    }

    [Fact]
    public void Rejects_a_sparse_sheet_with_a_cell_at_XFD1048576()
    {
        var sparse = WorkbookFactory.From(SampleReports.County).WithCell("三", "XFD1048576", 1).ToBytes();
        var problem = Refused(sparse, "稀疏.xlsx", FileProblemCodes.SheetTooLarge);
        Assert.Contains("“三”", problem.Message);
    }

    [Fact]
    public void Rejects_a_readable_workbook_without_any_label_of_the_format()
    {
        Refused(PastedLayout.FromCells(("A1", "姓名"), ("B1", "电话"), ("A2", "张三"), ("B2", "123")).ToXlsx(), "通讯录.xlsx", FileProblemCodes.NotReport);
        Refused(Encoding.UTF8.GetBytes("姓名,电话\n张三,123\n"), "通讯录.csv", FileProblemCodes.NotReport);
    }
}
