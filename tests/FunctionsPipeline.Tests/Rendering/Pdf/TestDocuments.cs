using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Pdf;
using UglyToad.PdfPig.Content;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

/// <summary>Reports and documents built in code for the PDF tests, and a shared renderer.</summary>
internal static class TestDocuments
{
    public static readonly DateTimeOffset Published = new(2025, 1, 20, 9, 30, 0, TimeSpan.FromHours(8));

    public static PdfRenderer Renderer { get; } = new();

    /// <summary>A report whose every table cell holds a different number, so each can be found in the PDF.</summary>
    public static AnnualReport DistinctReport { get; } = new(
        Body: "云岭县测试局",
        Year: 2024,
        Contact: new ContactDetails("云岭县人民路1号", "650000", "0871-1234567", "http://www.yunling.gov.cn"),
        Preface: ProseSection.FromText("本报告电子版可在云岭县人民政府网站（http://www.yunling.gov.cn）下载。如对本报告有疑问，请联系云岭县测试局（电话：0871-1234567）。"),
        Overview: ProseSection.FromText("""
            2024年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息12,345条，同比增长3.5%。
            （一）主动公开
            全年在门户网站发布“政策解读”类信息256条，其中图解、视频等形式共计88条；“互联网+政务服务”平台访问量达1,024,000人次。
            """),
        ActiveDisclosure: new TableA(new DocumentCounts(1101, 1102, 1103), new DocumentCounts(1201, 1202, 1203), 1301, 1401, 1402, 12.3456m),
        Applications: TableB.Create((row, column) => 2000 + (int)row * 10 + (int)column),
        ReviewsAndLitigation: new TableC(new ReviewCounts(3101, 3102, 3103, 3104, 3105), new ReviewCounts(3201, 3202, 3203, 3204, 3205), new ReviewCounts(3301, 3302, 3303, 3304, 3305)),
        Problems: ProseSection.FromText("一是信息更新不够及时；二是解读形式较为单一。下一步将建立快速发布机制，确保政策出台后24小时内发布。"),
        OtherMatters: ProseSection.FromText("2024年度，本局未收取信息处理费。"));

    public static ReportDocument Distinct { get; } = DocumentBuilder.Build(DistinctReport);

    /// <summary>A document with one table long enough to cross several pages.</summary>
    public static ReportDocument LongTable(int rows)
    {
        var header = new TableRow(ValueList.Of(new TableCell("序号", IsHeader: true), new TableCell("事项名称", IsHeader: true), new TableCell("办理数量", IsHeader: true)));
        var body = Enumerable.Range(1, rows).Select(i => new TableRow(ValueList.Of(
            new TableCell(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new TableCell($"第{i}项测试事项", Align: CellAlign.Left),
            new TableCell((9000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var blocks = new List<Block>
        {
            new TitleBlock("长表格测试报告"),
            new HeadingBlock(1, "一、长表格"),
            new TableBlock("长表格", ValueList.Of(1.0, 4.0, 2.0), HeaderRowCount: 1, new[] { header }.Concat(body).ToValueList()),
        };
        return new ReportDocument(Metadata("长表格测试报告"), blocks.ToValueList());
    }

    public static ReportDocument WithBlocks(string title, params Block[] blocks) =>
        new(Metadata(title), new Block[] { new TitleBlock(title) }.Concat(blocks).ToValueList());

    public static DocumentMetadata Metadata(string title) => new(title, "测试机关", DocumentBuilder.Subject, "测试");

    /// <summary>All text drawn in the content area of each page, in drawing order, without blanks (page numbers left out).</summary>
    public static string BodyText(Page page) =>
        string.Concat(page.Letters.Where(l => l.StartBaseLine.Y > FooterTop).Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The text drawn below the content area (the page number), without blanks.</summary>
    public static string FooterText(Page page) =>
        string.Concat(page.Letters.Where(l => l.StartBaseLine.Y <= FooterTop).Select(l => l.Value)).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Content ends 28 mm above the bottom edge; the page number sits 14 mm above it.</summary>
    private const double FooterTop = 60;

    public static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
