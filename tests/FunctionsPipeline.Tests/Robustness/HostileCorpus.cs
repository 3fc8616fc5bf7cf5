using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>What a hostile case must end as: the outcome, and for a rejection the code of the first error (and where).</summary>
internal sealed record Expectation(UploadOutcome Outcome, string? Code = null, string? Location = null, string? MessageMentions = null)
{
    public static Expectation Rejected(string code, string? location = null, string? mentions = null) => new(UploadOutcome.Rejected, code, location, mentions);

    public static Expectation Published { get; } = new(UploadOutcome.Published);
}

/// <summary>
/// One hostile upload: a class (for the bench's per-class medians), the blob name it is uploaded under,
/// its bytes (generated, never a committed binary) and what it must end as.
/// </summary>
internal sealed record HostileCase(string Id, string Class, string UploadName, Func<byte[]> Content, Expectation Expect)
{
    /// <summary>The report a published case puts on the site (its body is unique, so its outcome is "published", not "unchanged").</summary>
    public AnnualReport? Report { get; init; }

    /// <summary>Text a published case's PDF must show (a character the font covers).</summary>
    public string? MustPrint { get; init; }

    /// <summary>False for a name the blob trigger can never hand over (dot segments): its status comes from the pipeline's sweep.</summary>
    public bool HandedOverByTrigger { get; init; } = true;

    /// <summary>The name the blob gets: storage turns '\\' into '/', so <c>..\\..\\x</c> is stored as <c>../../x</c>.</summary>
    public string BlobName => UploadName.Replace('\\', '/');

    public override string ToString() => Id;
}

/// <summary>
/// The hostile-input corpus of the robustness suite: every class of bad or strange upload a clerk (or an
/// attacker) can drop into <c>uploads</c>. Workbooks come from the template writer (<see cref="WorkbookFactory"/>),
/// damaged with <see cref="ZipSurgery"/>; OLE2 files from <see cref="CompoundFileBuilder"/>.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>The pipeline's default upload limit (10 MB); the oversized case is five times that.</summary>
    public const long UploadLimitBytes = 10L * 1024 * 1024;

    /// <summary>Not in Noto Sans/Serif SC: a CJK Extension B ideograph (𪛖, U+2A6D6) and an emoji (😀, U+1F600).</summary>
    public const string RareIdeograph = "\U0002A6D6";
    public const string Emoji = "\U0001F600";

    public static readonly string Markup = "<script>alert('x')</script><img src=x onerror=alert(1)><b>粗</b>&amp;";

    private static readonly Lazy<byte[]> CountyBytes = new(() => WorkbookFactory.From(SampleReports.County).ToBytes());

    private static byte[] County() => CountyBytes.Value;

    /// <summary>The county sample under another body name, so each published case is a new publication.</summary>
    public static AnnualReport CountyAs(string body) => SampleReports.County with { Body = body };

    private static readonly string BadCountCell = ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson);

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static HostileCase Get(string id) => All.Single(c => c.Id == id);

    private static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        void Add(string id, string @class, string name, Func<byte[]> content, Expectation expect, AnnualReport? report = null) =>
            cases.Add(new HostileCase(id, @class, name, content, expect) { Report = report });

        // ---- wrong type renamed .xlsx / .xls, or a type not allowed at all
        Add("text renamed .xlsx", "wrong-type", "文本.xlsx", () => Encoding.UTF8.GetBytes("机关名称,西集镇\n报告年度,2024\n"), Expectation.Rejected(FileProblemCodes.NotWorkbook));
        Add("PDF renamed .xlsx", "wrong-type", "pdf.xlsx", () => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), Expectation.Rejected(FileProblemCodes.NotWorkbook, mentions: "PDF"));
        Add("Word docx renamed .xlsx", "wrong-type", "word.xlsx", WordDocument, Expectation.Rejected(FileProblemCodes.NotWorkbook, mentions: "Word"));
        Add("old Word doc renamed .xls", "wrong-type", "word.xls", () => CompoundFileBuilder.Build(("WordDocument", new byte[5000])), Expectation.Rejected(FileProblemCodes.NotWorkbook, mentions: "Word"));
        Add("plain zip renamed .xlsx", "wrong-type", "zip.xlsx", PlainZip, Expectation.Rejected(FileProblemCodes.NotWorkbook));
        Add("random bytes renamed .xlsx", "wrong-type", "random.xlsx", () => RandomBytes(10_000, 1), Expectation.Rejected(FileProblemCodes.NotWorkbook));
        Add("random bytes renamed .xls", "wrong-type", "random.xls", () => RandomBytes(10_000, 2), Expectation.Rejected(FileProblemCodes.NotWorkbook));
        Add("web page saved as .xls", "wrong-type", "page.xls", () => Encoding.UTF8.GetBytes("<html><body><table><tr><td>机关名称</td></tr></table></body></html>"), Expectation.Rejected(FileProblemCodes.NotWorkbook));
        Add("a real PDF with its own extension", "wrong-type", "报告.pdf", () => Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"), Expectation.Rejected(PipelineCodes.TypeNotAllowed));
        Add("a workbook without an extension", "wrong-type", "报告", County, Expectation.Rejected(PipelineCodes.TypeNotAllowed));
        Add("a readable workbook without any label of the format", "wrong-type", "通讯录.xlsx",
            () => PastedLayout.FromCells(("A1", "姓名"), ("B1", "电话"), ("A2", "张三"), ("B2", "123")).ToXlsx(), Expectation.Rejected(FileProblemCodes.NotReport));

        // ---- empty and damaged
        Add("empty file", "damaged", "空.xlsx", () => [], Expectation.Rejected(FileProblemCodes.Empty));
        Add("workbook truncated to half", "damaged", "半截.xlsx", () => County()[..(County().Length / 2)], Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook truncated to its first 100 bytes", "damaged", "开头.xlsx", () => County()[..100], Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook with bits flipped in a sheet", "damaged", "翻转-表.xlsx", () => ZipSurgery.FlipBitsInPart(County(), "xl/worksheets/sheet3.xml", 8, 11), Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook with bits flipped in the shared strings", "damaged", "翻转-字符串.xlsx", () => ZipSurgery.FlipBitsInPart(County(), "xl/sharedStrings.xml", 8, 12), Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook with bits flipped in workbook.xml", "damaged", "翻转-工作簿.xlsx", () => ZipSurgery.FlipBitsInPart(County(), "xl/workbook.xml", 4, 13), Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook with its central directory scrambled", "damaged", "翻转-目录.xlsx", ScrambledCentralDirectory, Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("workbook with a garbage sheet part", "damaged", "坏.xlsx",
            () => ZipSurgery.Rewrite(County(), (name, content) => name == "xl/worksheets/sheet3.xml" ? "<worksheet><sheetData><row r=\"1\"><c r="u8.ToArray() : content),
            Expectation.Rejected(FileProblemCodes.Corrupt));
        Add("damaged OLE2 .xls", "damaged", "坏.xls", DamagedOle2, Expectation.Rejected(FileProblemCodes.Corrupt));

        // ---- size: bombs, huge parts, sparse sheets, over the upload limit
        Add("zip bomb declaring a 3.9 GB sheet", "size", "炸弹-声明.xlsx", () => ZipSurgery.DeclareUncompressedSize(County(), "xl/worksheets/", 0xF0000000), Expectation.Rejected(FileProblemCodes.TooLarge));
        Add("zip bomb with a real 400 MB sheet part", "size", "炸弹-真.xlsx", RealSheetBomb, Expectation.Rejected(FileProblemCodes.TooLarge));
        Add("one huge shared string of 30 million characters", "size", "大字符串.xlsx", HugeSharedString, Expectation.Rejected(FileProblemCodes.TooLarge));
        Add("sparse sheet with a cell at XFD1048576", "size", "稀疏.xlsx", () => WorkbookFactory.From(SampleReports.County).WithCell("三", "XFD1048576", 1).ToBytes(), Expectation.Rejected(FileProblemCodes.SheetTooLarge, mentions: "“三”"));
        Add("upload five times over the size limit", "size", "超大.xlsx", OversizedUpload, Expectation.Rejected(FileProblemCodes.TooLarge));

        // ---- macros and encryption
        Add("macro-enabled workbook named .xlsm", "macro-encrypted", "宏.xlsm", MacroEnabled, Expectation.Rejected(PipelineCodes.TypeNotAllowed));
        Add("macro-enabled workbook renamed .xlsx", "macro-encrypted", "宏.xlsx", MacroEnabled, Expectation.Rejected(FileProblemCodes.Macro));
        Add("workbook carrying vbaProject.bin named .xlsx", "macro-encrypted", "宏-vba.xlsx",
            () => ZipSurgery.Rewrite(County(), (_, content) => content, ("xl/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0])), Expectation.Rejected(FileProblemCodes.Macro));
        Add("encrypted .xlsx", "macro-encrypted", "加密.xlsx", () => CompoundFileBuilder.Build(("EncryptionInfo", new byte[200]), ("EncryptedPackage", County())), Expectation.Rejected(FileProblemCodes.Encrypted, mentions: "密码"));
        Add("encrypted .xls", "macro-encrypted", "加密.xls", EncryptedXls, Expectation.Rejected(FileProblemCodes.Encrypted));

        // ---- formulas and every bad count kind (in 三!D7, 依申请公开 / 予以公开 / 自然人)
        var badCountAt = WorkbookFactory.LocationOf(BadCountCell).ToString();
        // A tool that writes formulas without calculating them leaves the totals empty: the first total (三!J5) is reported blank.
        Add("total formulas without cached values", "content", "无缓存公式.xlsx", FormulasWithoutCachedValues, Expectation.Rejected(FindingCodes.CountBlank, "三!J5"));
        foreach (var (label, raw, code) in new (string, object?, string)[]
                 {
                     ("\" 7 \" (padded text)", " 7 ", FindingCodes.CountTextNumber),
                     ("\"12\" (text)", "12", FindingCodes.CountTextNumber),
                     ("3.5", 3.5, FindingCodes.CountNotInteger),
                     ("-1", -1, FindingCodes.CountNegative),
                     ("十二", "十二", FindingCodes.CountChineseNumeral),
                     ("blank", null, FindingCodes.CountBlank),
                     ("\"/\"", "/", FindingCodes.CountPlaceholder),
                     ("\"-\"", "-", FindingCodes.CountPlaceholder),
                     ("1e12", 1e12, FindingCodes.CountTooLarge),
                 })
        {
            Add($"count {label}", "bad-count", $"计数-{cases.Count}.xlsx",
                () => WorkbookFactory.From(SampleReports.County).Set(BadCountCell, raw).ToBytes(), Expectation.Rejected(code, badCountAt));
        }
        Add("the 2019 trial format", "content", "2019.xlsx", () => WorkbookFactory.Blank().WithCell("二", "F3", "本年新制作数量").ToBytes(), Expectation.Rejected(FindingCodes.TrialFormat2019, "二!F3"));
        Add("a 2019 trial format table pasted alone", "content", "2019-粘贴.xlsx",
            () => PastedLayout.FromCells(("A1", "信息内容"), ("B1", "本年新制作数量"), ("C1", "本年新公开数量"), ("D1", "对外公开总数量")).ToXlsx(),
            Expectation.Rejected(FindingCodes.TrialFormat2019, "Sheet1!B1"));

        // ---- text: very long prose, characters outside the fonts, markup
        var longProse = CountyAs("长文测试县人民政府");
        Add("100 000-character prose", "text", "长文.xlsx", () => WorkbookFactory.From(longProse).Set(ReportFields.Overview, LongProse(100_000)).ToBytes(),
            Expectation.Published, longProse);
        Add("an emoji in the prose", "text", "表情.xlsx", () => WorkbookFactory.From(SampleReports.County).Set(ReportFields.Problems, $"本年度工作有待改进{Emoji}。").ToBytes(),
            Expectation.Rejected(PipelineCodes.GlyphMissing, WorkbookFactory.LocationOf(ReportFields.Problems).ToString(), Emoji));
        // A character outside the PDF fonts must be refused naming it. U+2A6D6 (CJK Extension B) is not in Noto Serif SC,
        // the body font the PDF is set in (its cmap has no range holding it): the upload is refused at the overview.
        var rare = CountyAs("生僻字测试县人民政府");
        var rareProse = $"本年度办理{RareIdeograph}姓申请人的申请。";
        Add("a rare CJK Extension B ideograph in the prose", "text", "生僻字.xlsx", () => WorkbookFactory.From(rare).Set(ReportFields.Overview, rareProse).ToBytes(),
            Expectation.Rejected(PipelineCodes.GlyphMissing, WorkbookFactory.LocationOf(ReportFields.Overview).ToString(), RareIdeograph));
        // The contact details are not printed in the PDF (the national format has no place for them): no font needed, published.
        var rareAddress = CountyAs("生僻字地址测试县人民政府");
        Add("a rare CJK Extension B ideograph in the address", "text", "生僻字-地址.xlsx",
            () => WorkbookFactory.From(rareAddress).Set(ReportFields.Address, $"某县{RareIdeograph}家村1号").ToBytes(), Expectation.Published, rareAddress);
        // 机关名称 is capped (TEXT_TOO_LONG at its cell): a 30 000-character name would bloat every listing, touch every
        // search shard and could never be withdrawn (a withdrawal names at most 200 characters).
        Add("a 30 000-character 机关名称", "text", "超长机关名称.xlsx", () => WorkbookFactory.From(SampleReports.County).Set(ReportFields.Body, new string('局', 30_000)).ToBytes(),
            Expectation.Rejected(FindingCodes.TextTooLong, WorkbookFactory.LocationOf(ReportFields.Body).ToString()));
        // A Prepend letter (U+0D4E) joins the '/' and '.' after it into one grapheme cluster; the slug checks every code point
        // of a cluster (SiteSlugTests). The fonts have no Malayalam, so the upload is refused at the name before any path exists.
        Add("a 机关名称 with a Prepend letter before '/' and '.'", "text", "前置字符.xlsx",
            () => WorkbookFactory.From(SampleReports.County).Set(ReportFields.Body, "前置字符测试\u0D4E/..\u0D4E.人民政府").ToBytes(),
            Expectation.Rejected(PipelineCodes.GlyphMissing, WorkbookFactory.LocationOf(ReportFields.Body).ToString()));
        var markup = CountyAs($"标记测试县人民政府{Markup}");
        Add("markup and <script> in every text field", "text", "标记.xlsx", () => EveryTextField(WorkbookFactory.From(markup), Markup).ToBytes(), Expectation.Published, markup);

        // ---- upload names
        // The SDK resolves "../" in a blob URL before sending it, but backslashes reach storage, which stores them as '/':
        // the blob is really named "../../$web/index.xlsx". The trigger builds a URL from that name, the URL resolves the
        // dot segments, and the function is never called; the pipeline's sweep records it rejected instead.
        var dotted = CountyAs("路径测试县人民政府");
        Add("upload name with ../", "name", "..\\..\\$web\\index.xlsx", () => WorkbookFactory.From(dotted).ToBytes(),
            Expectation.Rejected(PipelineCodes.UploadNameInvalid, mentions: "../../$web/index.xlsx"));
        cases[^1] = cases[^1] with { HandedOverByTrigger = false };
        foreach (var (label, name, body) in new[]
                 {
                     ("with spaces", "  县 政府 2024 年报 .xlsx", "空格测试县人民政府"),
                     ("in Chinese", "北京市通州区西集镇人民政府2024年政府信息公开工作年度报告.xlsx", "中文名测试县人民政府"),
                     ("of 1 000 characters", new string('长', 995) + ".xlsx", "超长名测试县人民政府"),
                     ("with %, # and ?", "报告%20#1?.xlsx", "符号名测试县人民政府"),
                 })
        {
            var report = CountyAs(body);
            Add($"upload name {label}", "name", name, () => WorkbookFactory.From(report).ToBytes(), Expectation.Published, report);
        }
        return cases;
    }

    private static WorkbookFactory EveryTextField(WorkbookFactory factory, string markup)
    {
        // Not the body (its name becomes the slug) nor the 统一社会信用代码 (checked against its charset: markup there is rejected).
        foreach (var field in ReportFields.All.Where(f => f.Kind is FieldKind.Text or FieldKind.Prose && f.Id != ReportFields.Body && f.Id != ReportFields.CreditCode))
        {
            factory.Set(field.Id, $"{markup}{field.Description}{markup}");
        }
        return factory;
    }

    private static string LongProse(int length)
    {
        const string sentence = "本机关坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。";
        var text = new StringBuilder(length + sentence.Length);
        while (text.Length < length)
        {
            text.Append(sentence);
            if (text.Length % 600 < sentence.Length) text.Append('\n');
        }
        return text.ToString(0, length);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] WordDocument()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(new Run(new Text("年度报告")))));
        }
        return stream.ToArray();
    }

    private static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = zip.CreateEntry("说明.txt").Open();
            w.Write("不是工作簿"u8);
        }
        return stream.ToArray();
    }

    private static byte[] ScrambledCentralDirectory()
    {
        var bytes = County();
        var start = ZipSurgery.CentralDirectoryOffset(bytes);
        return ZipSurgery.FlipBits(bytes, start, bytes.Length - start, 40, 14);
    }

    private static byte[] DamagedOle2()
    {
        var bytes = CompoundFileBuilder.Build(("Workbook", new byte[5000]));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x30), 999); // directory sector beyond the end
        return bytes;
    }

    /// <summary>The report sheet replaced by 400 MB of real rows (deflates to well under the upload limit).</summary>
    private static byte[] RealSheetBomb() => ZipSurgery.ReplaceStreaming(County(), "xl/worksheets/sheet3.xml", CompressionLevel.Fastest, stream =>
    {
        stream.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"u8);
        ZipSurgery.WriteRepeated(stream, "<row><c t=\"inlineStr\"><is><t>炸弹</t></is></c></row>", 400L * 1024 * 1024 / 50);
        stream.Write("</sheetData></worksheet>"u8);
    });

    private static byte[] HugeSharedString() => ZipSurgery.ReplaceStreaming(County(), "xl/sharedStrings.xml", CompressionLevel.Fastest, stream =>
    {
        stream.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>"u8);
        ZipSurgery.WriteRepeated(stream, "政务公开", 30_000_000 / 4);
        stream.Write("</t></si></sst>"u8);
    });

    /// <summary>A valid workbook followed by 50 MB of random padding: refused from its size, never parsed.</summary>
    private static byte[] OversizedUpload()
    {
        var bytes = new byte[UploadLimitBytes * 5];
        for (var i = County().Length; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 % 251);
        County().CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] MacroEnabled() => ZipSurgery.Rewrite(County(), (name, content) => name == "[Content_Types].xml"
        ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml", StringComparison.Ordinal))
        : content);

    /// <summary>BIFF8 globals: BOF (0x0809, 16 bytes) immediately followed by FILEPASS (0x002F).</summary>
    private static byte[] EncryptedXls()
    {
        var workbook = new byte[6000];
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(0), 0x0809);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(2), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(4), 0x0600);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(20), 0x002F);
        BinaryPrimitives.WriteUInt16LittleEndian(workbook.AsSpan(22), 54);
        return CompoundFileBuilder.Build(("Workbook", workbook));
    }

    /// <summary>Every total keeps its formula but has no cached result, as a workbook written by a tool that does not calculate.</summary>
    private static byte[] FormulasWithoutCachedValues()
    {
        var factory = WorkbookFactory.From(CountyAs("公式缓存测试县人民政府"));
        foreach (var total in ReportFields.All.Where(f => f.IsComputedTotal)) factory.SetCachedTotal(total.Id, null);
        return factory.ToBytes();
    }
}

