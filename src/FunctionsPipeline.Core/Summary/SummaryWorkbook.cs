using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Core.Summary;

/// <summary>
/// The summary as a workbook in the project's own template (<see cref="TemplateWriter"/>): 基本信息 with the 本级政府's name,
/// year, 统一社会信用代码 and the contact details given; tables 二, 三 and 四 the sums (totals stay formulas); the prose left
/// blank for the office. In front, 汇总说明 says what was summed and which bodies are missing; behind, 汇总机关 lists every
/// selected body with the version used, and 溯源二/三/四 every cell's contribution by body. Every added sheet stays within
/// <see cref="WorkbookLimits"/> (a long list continues on 溯源三（2）…), so the office can upload the workbook as it is.
/// </summary>
public static class SummaryWorkbook
{
    public const string NoteSheet = "汇总说明", BodiesSheet = "汇总机关", TraceSheetPrefix = "溯源";

    /// <summary>
    /// Column A of 汇总说明's last row; column B holds the selection as <c>--bodies</c> takes it (<c>本级</c>, <c>all</c> or the
    /// filter), read back by the upload check (<see cref="SummaryStamp"/>).
    /// </summary>
    public const string SelectionLabel = "汇总范围代码（上传时系统据此核对，请勿修改）";

    /// <summary>Rows of bodies per added sheet: within <see cref="WorkbookLimits.MaxRows"/> with the header rows.</summary>
    public const int BodiesPerSheet = 1900;

    public static void Write(Stream output, RegionSummary summary, ContactDetails? contact = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        var values = new Dictionary<string, object?>(summary.TableValues(), StringComparer.Ordinal)
        {
            [ReportFields.Body] = summary.LocalGovernment?.Name,
            [ReportFields.Year] = summary.Year,
            [ReportFields.CreditCode] = summary.LocalGovernment?.CreditCode,
            [ReportFields.Address] = contact?.Address,
            [ReportFields.Postcode] = contact?.Postcode,
            [ReportFields.Phone] = contact?.Phone,
            [ReportFields.Website] = contact?.Website,
        };

        using var buffer = new MemoryStream();
        TemplateWriter.Write(buffer, new TemplateContent(values));
        buffer.Position = 0;
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            var workbookPart = document.WorkbookPart!;
            // The note sheet in front is the one selected; a second selected tab would group the sheets in Excel.
            foreach (var part in workbookPart.WorksheetParts)
            {
                foreach (var view in part.Worksheet.Descendants<SheetView>()) view.TabSelected = null;
                part.Worksheet.Save();
            }
            var sheets = workbookPart.Workbook.Sheets!;
            var nextId = sheets.Elements<Sheet>().Max(s => s.SheetId!.Value) + 1;

            void AddSheet(string name, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<object?>> rows, int headerRows, bool first = false)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                // The note reads as a page: its title, then bordered wrapped lines; the lists as plain tables under grey headers.
                WriteSheet(part, widths, rows, headerRows, first, first ? TemplateStyles.Title : TemplateStyles.Header,
                    first ? TemplateStyles.Label : TemplateStyles.Default);
                var sheet = new Sheet { Name = name, SheetId = nextId++, Id = workbookPart.GetIdOfPart(part) };
                if (first) sheets.InsertAt(sheet, 0);
                else sheets.Append(sheet);
            }

            // The last row carries the selection machine-readably (label, then the --bodies words): the upload check sums the same.
            AddSheet(NoteSheet, [110, 24], [.. NoteLines(summary, contact).Select(line => (IReadOnlyList<object?>)[line]), [SelectionLabel, summary.Selection.ToString()]],
                headerRows: 1, first: true);
            var bodyRows = BodyRows(summary).ToList();
            foreach (var (part, index) in Parts(bodyRows.Count).Select((p, i) => (p, i)))
            {
                AddSheet(PartName(BodiesSheet, index), [6, 34, 22, 16, 14, 16, 6, 20],
                    [BodyHeader, .. bodyRows.Skip(part.Start).Take(part.Count)], headerRows: 1);
            }
            foreach (var table in new[] { TemplateLayout.TableASheet, TemplateLayout.TableBSheet, TemplateLayout.TableCSheet })
            {
                var cells = Enumerable.Range(0, SummaryCells.All.Count).Where(i => SummaryCells.TableOf(SummaryCells.All[i]) == table).ToArray();
                foreach (var (part, index) in Parts(summary.Included.Count).Select((p, i) => (p, i)))
                {
                    AddSheet(PartName(TraceSheetPrefix + table, index), [34, 16, 6, .. cells.Select(_ => 16.0)],
                        TraceRows(summary, cells, part.Start, part.Count), headerRows: 3);
                }
            }
            workbookPart.Workbook.Save();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>What 汇总说明 says, a line per row.</summary>
    public static IReadOnlyList<string> NoteLines(RegionSummary summary, ContactDetails? contact)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var name = summary.LocalGovernment?.Name ?? "本级政府";
        var lines = new List<string>
        {
            $"{name}{summary.Year}年政府信息公开工作年度报告 · 汇总说明",
            $"本工作簿由 FunctionsPipeline 汇总生成（fp summarize）：工作表二、三、四的数据，是编制主体名单内所选机关{summary.Year}年度报告现行发布版本（不含已撤回的版本）各单元格之和。",
            $"汇总时间：{ChinaTime.FormatChinese(summary.TakenAt)}；汇总范围：{summary.Selection.Chinese}；名单文件：{summary.RegisterFile}（SHA-256 {Short(summary.RegisterSha256)}）。",
            $"已汇总：{summary.Included.Count} 个机关。各机关及所用版本见工作表“{BodiesSheet}”，每个单元格中各机关的数值见“{TraceSheetPrefix}二”“{TraceSheetPrefix}三”“{TraceSheetPrefix}四”（另附内容相同的 CSV 文件）。",
        };
        if (summary.Included.Count == 0)
        {
            lines.Add($"注意：所选机关均没有已发布的{summary.Year}年度报告，各表数据均为 0。");
        }
        if (summary.Missing.Count > 0)
        {
            var names = string.Join("、", summary.Missing.Take(20).Select(b => b.Name));
            var more = summary.Missing.Count > 20 ? $"等（完整名单见工作表“{BodiesSheet}”）" : "";
            lines.Add($"未计入：{summary.Missing.Count} 个机关尚未发布{summary.Year}年度报告（或已撤回），其数据不在本汇总内：{names}{more}。");
        }
        else
        {
            lines.Add("所选机关均已发布，没有未计入的机关。");
        }
        lines.Add(summary.LocalGovernments.Count switch
        {
            1 => $"本报告的机关为名单中的本级政府“{name}”（上传目录 {summary.LocalGovernment!.Folder}）。",
            0 => "名单中没有机关类型为“本级政府”的机关：请在工作表“基本信息”中填写本报告的机关名称。",
            var n => $"名单中有 {n} 个本级政府（{string.Join("、", summary.LocalGovernments.Select(b => b.Name))}）：请在工作表“基本信息”中填写本报告的机关名称。",
        });
        lines.Add(contact is null
            ? "联系地址、邮政编码、联系电话和网站请在工作表“基本信息”中填写。"
            : "联系地址、邮政编码、联系电话和网站取自本级政府上一年度已发布的报告，请核对。");
        lines.Add("待撰写：前言、一、总体情况、五、存在的主要问题及改进情况、六、其他需要报告的事项，由本级政府办公室在对应工作表中撰写，然后把本工作簿作为本级政府的年度报告上传。");
        lines.Add($"上传时系统按本工作簿的汇总范围（见下一行）和当时的发布情况重新汇总核对：表格与汇总数不一致的单元格会提示 {SummaryCodes.Differs}，" +
            $"汇总后某机关更正或撤回的，提示中会写明该机关汇总时和现在的版本（只是提示，不影响公开；本级政府可以加入自身的数据）。");
        return lines;
    }

    /// <summary>
    /// The trace as CSV (UTF-8 with BOM, for Excel), laid out as the 溯源 sheets with the three tables side by side: a header
    /// line (机关, 统一社会信用代码, 上传目录, 版本, 发布时间, then every cell's id), the cells' descriptions, the 汇总数, then a
    /// line per summed body with its version and its value in every cell.
    /// </summary>
    public static void WriteTraceCsv(Stream output, RegionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        void Line(string first, string code, string folder, string version, string published, IEnumerable<string> cells)
        {
            // The names are text a spreadsheet must not run as a formula; the rest are codes, numbers and times.
            writer.Write(CsvText.Field(first));
            foreach (var (field, index) in new[] { code, folder, version, published }.Concat(cells).Select((f, i) => (f, i)))
            {
                writer.Write(',');
                writer.Write(CsvText.Field(field, isText: index == 1));
            }
            writer.WriteLine();
        }
        Line("机关", "统一社会信用代码", "上传目录", "版本", "发布时间", SummaryCells.All.Select(c => c.Id));
        Line("单元格", "", "", "", "", SummaryCells.All.Select(c => c.Description));
        Line("汇总数（全部已汇总机关）", "", "", "", "", summary.Totals.Select(SummaryCells.Show));
        foreach (var body in summary.Included)
        {
            Line(body.Body.Name, body.Body.CreditCode, body.Body.Folder, body.Entry.Version.ToString(CultureInfo.InvariantCulture),
                ChinaTime.FormatIso(body.Entry.PublishedAt), body.Values.Select(SummaryCells.Show));
        }
    }

    private static readonly IReadOnlyList<object?> BodyHeader = ["序号", "机关", "信用代码", "上传目录", "机关类型", "状态", "版本", "发布时间"];

    private static IEnumerable<IReadOnlyList<object?>> BodyRows(RegionSummary summary)
    {
        var number = 0;
        foreach (var body in summary.Included)
        {
            yield return [++number, body.Body.Name, body.Body.CreditCode, body.Body.Folder, Registry.BodyTypes.Label(body.Body.Type), "已汇总",
                body.Entry.Version, ChinaTime.FormatChinese(body.Entry.PublishedAt)];
        }
        foreach (var body in summary.Missing)
        {
            yield return [++number, body.Name, body.CreditCode, body.Folder, Registry.BodyTypes.Label(body.Type), "未发布，未计入", null, null];
        }
    }

    private static IEnumerable<IReadOnlyList<object?>> TraceRows(RegionSummary summary, int[] cells, int start, int count)
    {
        yield return ["机关", "上传目录", "版本", .. cells.Select(i => (object?)SummaryCells.All[i].Id)];
        yield return ["", "", "", .. cells.Select(i => (object?)SummaryCells.All[i].Description)];
        yield return ["汇总数（全部已汇总机关）", "", "", .. cells.Select(i => (object?)summary.Totals[i])];
        foreach (var body in summary.Included.Skip(start).Take(count))
        {
            yield return [body.Body.Name, body.Body.Folder, body.Entry.Version, .. cells.Select(i => (object?)body.Values[i])];
        }
    }

    /// <summary>At least one part (an empty list still gets its sheet, with its header).</summary>
    private static IEnumerable<(int Start, int Count)> Parts(int rows)
    {
        var start = 0;
        do
        {
            yield return (start, Math.Min(BodiesPerSheet, rows - start));
            start += BodiesPerSheet;
        }
        while (start < rows);
    }

    private static string PartName(string name, int index) => index == 0 ? name : $"{name}（{index + 1}）";

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;

    /// <summary>A plain sheet written as a stream (a trace can hold thousands of rows): inline strings, numbers, header rows styled.</summary>
    private static void WriteSheet(WorksheetPart part, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<object?>> rows, int headerRows, bool selected,
        uint headerStyle, uint bodyStyle)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // Printed in landscape; as wide as a page when the sheet is narrow enough to stay readable (not the 175 columns of 溯源三).
        var fitToWidth = widths.Sum() <= 320;
        writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = fitToWidth }));
        writer.WriteElement(new SheetViews(new SheetView { WorkbookViewId = 0U, TabSelected = selected ? true : null }));
        var columns = new Columns();
        for (var i = 0; i < widths.Count; i++) columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
        writer.WriteElement(columns);
        writer.WriteStartElement(new SheetData());
        var r = 0;
        foreach (var row in rows)
        {
            // A wrapped line of text gets the height of its lines (not every application measures wrapped text on opening).
            var lines = bodyStyle == TemplateStyles.Label && row.Count == 1 && row[0] is string line ? (int)Math.Ceiling(DisplayWidth(line) / (widths[0] - 4)) : 1;
            // Header rows: the note's title and the trace's cell ids and descriptions wrap in narrow columns.
            double? height = r >= headerRows ? (lines > 1 ? 15 * lines + 3 : null) : selected ? 24 : headerRows == 1 ? null : r switch { 0 => 30, 1 => 64, _ => null };
            writer.WriteStartElement(height is { } h
                ? new Row { RowIndex = (uint)(r + 1), Height = h, CustomHeight = true }
                : new Row { RowIndex = (uint)(r + 1) });
            var style = r < headerRows ? headerStyle : bodyStyle;
            for (var c = 0; c < row.Count; c++)
            {
                if (row[c] is null) continue;
                var cell = row[c] switch
                {
                    string text => new Cell(new InlineString(new Text(text))) { DataType = CellValues.InlineString },
                    var number => new Cell(new CellValue(Convert.ToDecimal(number, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))),
                };
                cell.CellReference = CellAddress.ToA1(r, c);
                cell.StyleIndex = style;
                writer.WriteElement(cell);
            }
            writer.WriteEndElement();
            r++;
        }
        writer.WriteEndElement();
        writer.WriteElement(new PageMargins { Left = 0.6, Right = 0.6, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = 9U, // A4
            Orientation = OrientationValues.Landscape,
            FitToWidth = fitToWidth ? 1U : null,
            FitToHeight = fitToWidth ? 0U : null,
        });
        writer.WriteEndElement();
    }

    /// <summary>Width in character units of the column: a CJK character takes two.</summary>
    private static double DisplayWidth(string text) => text.Sum(ch => ch > 0x2E7F ? 2.0 : 1.0);
}
