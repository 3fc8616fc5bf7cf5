using System.Globalization;
using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Core.Document;

/// <summary>Turns a validated report into the document both renderers draw, in the official order and table structure.</summary>
public static class DocumentBuilder
{
    public const string Subject = "政府信息公开工作年度报告";

    public static ReportDocument Build(AnnualReport report)
    {
        var blocks = new List<Block> { new TitleBlock(report.Title) };
        AddProse(blocks, report.Preface);

        blocks.Add(new HeadingBlock(1, NationalFormat.Section1));
        AddProse(blocks, report.Overview);
        blocks.Add(new HeadingBlock(1, NationalFormat.Section2));
        blocks.Add(BuildTableA(report.ActiveDisclosure));
        blocks.Add(new HeadingBlock(1, NationalFormat.Section3));
        blocks.Add(BuildTableB(report.Applications));
        blocks.Add(new HeadingBlock(1, NationalFormat.Section4));
        blocks.Add(BuildTableC(report.ReviewsAndLitigation));
        blocks.Add(new HeadingBlock(1, NationalFormat.Section5));
        AddProse(blocks, report.Problems);
        blocks.Add(new HeadingBlock(1, NationalFormat.Section6));
        AddProse(blocks, report.OtherMatters);

        var metadata = new DocumentMetadata(
            Title: report.Title,
            Author: report.Body,
            Subject: Subject,
            // The 统一社会信用代码, when given, is a keyword too: the PDF's Info and XMP carry it without a custom schema.
            Keywords: $"政府信息公开,年度报告,{report.Body},{report.Year.ToString(CultureInfo.InvariantCulture)}"
                + (report.CreditCode is { } code ? "," + code : ""),
            Year: report.Year,
            CreditCode: report.CreditCode);
        return new ReportDocument(metadata, blocks.ToValueList());
    }

    private static void AddProse(List<Block> blocks, ProseSection section)
    {
        foreach (var block in section.Blocks)
        {
            blocks.Add(block.Kind == ProseBlockKind.SubHeading ? new HeadingBlock(2, block.Text) : new ParagraphBlock(block.Text));
        }
    }

    private static string FormatCount(int value) => ValueFormat.Count(value);

    private static string FormatMoney(decimal value) => ValueFormat.Money(value);

    private static TableCell Header(string text, int rowSpan = 1, int colSpan = 1) => new(text, rowSpan, colSpan, IsHeader: true);

    private static TableCell Label(string text, int rowSpan = 1, int colSpan = 1, CellAlign align = CellAlign.Left) =>
        new(text, rowSpan, colSpan, IsHeader: false, align);

    private static TableCell Number(string text, int colSpan = 1) => new(text, 1, colSpan);

    private static TableRow Row(params TableCell[] cells) => new(cells.ToValueList());

    /// <summary>A 第二十条第（…）项 row of table 二: it labels the rows below it, so a page never ends with it.</summary>
    private static TableRow GroupHeading(string text) => new(ValueList.Of(Header(text, colSpan: 4)), TableRowKind.GroupHeading);

    private static TableRow ColumnHeadings(params TableCell[] cells) => new(cells.ToValueList(), TableRowKind.ColumnHeading);

    /// <summary>Table A: four blocks (第二十条第（一）（五）（六）（八）项), each with its own column header row.</summary>
    internal static TableBlock BuildTableA(TableA a)
    {
        var rows = new List<TableRow>
        {
            GroupHeading(NationalFormat.TableABlock1),
            ColumnHeadings(Header(NationalFormat.TableAItemHeader), Header(NationalFormat.Issued), Header(NationalFormat.Repealed), Header(NationalFormat.InForce)),
            Row(Label(NationalFormat.Rules), Number(FormatCount(a.Rules.Issued)), Number(FormatCount(a.Rules.Repealed)), Number(FormatCount(a.Rules.InForce))),
            Row(Label(NationalFormat.NormativeDocuments), Number(FormatCount(a.NormativeDocuments.Issued)),
                Number(FormatCount(a.NormativeDocuments.Repealed)), Number(FormatCount(a.NormativeDocuments.InForce))),
            GroupHeading(NationalFormat.TableABlock5),
            ColumnHeadings(Header(NationalFormat.TableAItemHeader), Header(NationalFormat.Decisions, colSpan: 3)),
            Row(Label(NationalFormat.Licensing), Number(FormatCount(a.LicensingDecisions), colSpan: 3)),
            GroupHeading(NationalFormat.TableABlock6),
            ColumnHeadings(Header(NationalFormat.TableAItemHeader), Header(NationalFormat.Decisions, colSpan: 3)),
            Row(Label(NationalFormat.Penalty), Number(FormatCount(a.PenaltyDecisions), colSpan: 3)),
            Row(Label(NationalFormat.Enforcement), Number(FormatCount(a.EnforcementDecisions), colSpan: 3)),
            GroupHeading(NationalFormat.TableABlock8),
            ColumnHeadings(Header(NationalFormat.TableAItemHeader), Header(NationalFormat.FeeAmount, colSpan: 3)),
            Row(Label(NationalFormat.Fees), Number(FormatMoney(a.FeesTenThousandYuan), colSpan: 3)),
        };
        // Table 二 is short (14 rows, under half a page): never split, so no group is parted from its heading.
        return new TableBlock("主动公开政府信息情况", ValueList.Of(4.0, 2.0, 2.0, 2.0), HeaderRowCount: 0, rows.ToValueList(), TableKeep.Whole);
    }

    /// <summary>
    /// Table B: three header rows (申请人情况 over 法人或其他组织 over its five columns), then the
    /// 25 rows; 三、本年度办理结果 spans its 22 rows and each （三）…（六） group spans its own.
    /// </summary>
    internal static TableBlock BuildTableB(TableB b)
    {
        var columns = NationalFormat.ApplicantColumns;
        var rows = new List<TableRow>
        {
            Row(Header(NationalFormat.TableBCorner, rowSpan: 3, colSpan: 3), Header(NationalFormat.ApplicantHeader, colSpan: 7)),
            Row(Header(columns[0].Label, rowSpan: 2), Header(NationalFormat.LegalPersonsHeader, colSpan: 5), Header(columns[6].Label, rowSpan: 2)),
            Row(columns.Where(c => c.IsLegalPerson).Select(c => Header(c.Label)).ToArray()),
        };

        var resultRowCount = NationalFormat.TableBRows.Count(r => r.Kind != TableBRowKind.Top);
        var firstResult = true;
        string? currentGroup = null;
        foreach (var row in NationalFormat.TableBRows)
        {
            var cells = new List<TableCell>();
            if (row.Kind == TableBRowKind.Top)
            {
                cells.Add(Label(row.Label, colSpan: 3));
            }
            else
            {
                if (firstResult)
                {
                    cells.Add(Label(NationalFormat.ResultsGroup, rowSpan: resultRowCount, align: CellAlign.Center));
                    firstResult = false;
                }
                if (row.Group is null)
                {
                    cells.Add(Label(row.Label, colSpan: 2));
                }
                else
                {
                    if (row.Group != currentGroup)
                    {
                        var span = NationalFormat.TableBRows.Count(r => r.Group == row.Group);
                        cells.Add(Label(row.Group, rowSpan: span));
                    }
                    cells.Add(Label(row.Label));
                }
                currentGroup = row.Group;
            }
            cells.AddRange(columns.Select(c => Number(FormatCount(b[row.Row, c.Column]))));
            rows.Add(new TableRow(cells.ToValueList()));
        }
        var widths = new List<double> { 1.4, 2.6, 6.4 };
        widths.AddRange(Enumerable.Repeat(1.5, 7));
        // Tables 三 and 四 are read as a whole: kept on one page whenever they fit, unless that leaves the page before near empty.
        return new TableBlock("收到和处理政府信息公开申请情况", widths.ToValueList(), HeaderRowCount: 3, rows.ToValueList(), TableKeep.WholeUnlessPageNearEmpty);
    }

    /// <summary>Table C: 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉 (5 each).</summary>
    internal static TableBlock BuildTableC(TableC c)
    {
        var outcomes = NationalFormat.ReviewOutcomeLabels;
        var rows = new List<TableRow>
        {
            Row(Header(NationalFormat.AdministrativeReviewHeader, colSpan: 5), Header(NationalFormat.LitigationHeader, colSpan: 10)),
            Row(outcomes.Select(o => Header(o, rowSpan: 2))
                .Append(Header(NationalFormat.LitigationDirectHeader, colSpan: 5))
                .Append(Header(NationalFormat.LitigationAfterReviewHeader, colSpan: 5)).ToArray()),
            Row(outcomes.Concat(outcomes).Select(o => Header(o)).ToArray()),
            Row(NationalFormat.ReviewGroups
                .SelectMany(g => Enum.GetValues<ReviewOutcome>().Select(o => Number(FormatCount(c[g.Group][o]))))
                .ToArray()),
        };
        return new TableBlock("因政府信息公开工作被申请行政复议、提起行政诉讼情况", Enumerable.Repeat(1.0, 15).ToValueList(), HeaderRowCount: 3, rows.ToValueList(), TableKeep.WholeUnlessPageNearEmpty);
    }
}
