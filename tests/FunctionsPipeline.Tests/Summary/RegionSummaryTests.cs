using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Summary;

/// <summary>
/// The region's summary without storage (<see cref="SampleRegion"/> holds the live versions): sums equal to sums computed
/// by hand and independently, R1–R4 on any sum of valid reports, the fee in decimal at its inputs' precision, the selection,
/// the missing bodies, the trace complete.
/// </summary>
public sealed class RegionSummaryTests
{
    private const int Year = 2024;
    private static readonly DateTimeOffset At = new(2025, 2, 10, 2, 0, 0, TimeSpan.Zero);

    private static Task<RegionSummary> SummarizeAsync(SampleRegion region, BodySelection? selection = null, int year = Year) =>
        new RegionSummarizer(region, new FixedClock(At)).SummarizeAsync(region.Register, year, selection ?? BodySelection.All);

    /// <summary>云岭县: the 本级政府, the county office (County sample), the 西集镇 seed as a township, and a department that has not published.</summary>
    private static SampleRegion SamplesRegion()
    {
        var region = new SampleRegion(
        [
            SampleRegion.Body(0, "云岭县人民政府", BodyType.LocalGovernment, "yunling-gov"),
            SampleRegion.Body(1, SampleReports.County.Body, BodyType.Department, "county-office"),
            SampleRegion.Body(2, SampleReports.Seed.Body, BodyType.Township, "xiji-town"),
            SampleRegion.Body(3, "云岭县财政局", BodyType.Department, "finance"),
        ], At);
        region.Publish(region.Register.Bodies[1], SampleReports.County, At);
        region.Publish(region.Register.Bodies[2], SampleReports.Seed, At);
        return region;
    }

    [Fact]
    public async Task Sums_over_the_samples_equal_the_sums_computed_by_hand()
    {
        var region = SamplesRegion();
        // A second department publishing the county's figures with another fee: every cell doubles, the fee adds up.
        var second = SampleRegion.Body(4, "云岭县交通运输局", BodyType.Department, "transport");
        region = new SampleRegion([.. region.Register.Bodies, second], At);
        region.Publish(region.Register.Bodies[1], SampleReports.County, At);
        region.Publish(region.Register.Bodies[2], SampleReports.Seed, At);
        region.Publish(second, SampleReports.County with { Body = second.Name, ActiveDisclosure = SampleReports.County.ActiveDisclosure with { FeesTenThousandYuan = 0.5m } }, At);

        var summary = await SummarizeAsync(region);

        // By hand from SampleReports.County (the seed's tables are all zero): 行政许可 3562, 行政处罚 1284, 新收 128 (its prose
        // says so), 上年结转 9, 结转下年 12, 行政复议总计 7, 规范性文件现行有效 86; the fee 0.0125 + 0.5.
        Assert.Equal(2 * 3562m, summary.Total(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)));
        Assert.Equal(2 * 1284m, summary.Total(ReportFields.TableA(ReportFields.PenaltyItem, ReportFields.DecisionsColumn)));
        Assert.Equal(2 * 86m, summary.Total(ReportFields.TableA(ReportFields.NormativeItem, ReportFields.InForceColumn)));
        Assert.Equal(2 * 128m, summary.Total(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.Total)));
        Assert.Equal(2 * 9m, summary.Total(ReportFields.TableB(TableBRow.CarriedOver, ApplicantColumn.Total)));
        Assert.Equal(2 * 12m, summary.Total(ReportFields.TableB(TableBRow.CarriedForward, ApplicantColumn.Total)));
        Assert.Equal(2 * 7m, summary.Total(ReportFields.TableC(ReviewGroup.AdministrativeReview, ReviewOutcome.Total)));
        Assert.Equal(2 * 38m, summary.Total(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson)));
        Assert.Equal("0.5125", SummaryCells.Show(summary.Total(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn))));

        Assert.Equal(["云岭县人民政府办公室", "山亭区西集镇人民政府", "云岭县交通运输局"], summary.Included.Select(b => b.Body.Name));
        Assert.Equal(["云岭县财政局"], summary.Missing.Select(b => b.Name));
        Assert.Equal("云岭县人民政府", summary.LocalGovernment?.Name);
    }

    [Fact]
    public async Task Sums_of_generated_reports_equal_sums_computed_independently_and_keep_R1_to_R4()
    {
        for (var seed = 1; seed <= 25; seed++)
        {
            var random = new Random(seed);
            var region = SampleRegion.Generate(bodies: random.Next(1, 15), Year, seed, at: At);
            var summary = await SummarizeAsync(region);
            var reports = region.Register.Bodies.Skip(1).Select(b => region.GetLiveReportAsync(b.Name, Year, default).Result!.Value.Report).ToList();

            // Every input is itself valid in its tables (the property is about sums of valid reports).
            foreach (var report in reports) Assert.Empty(TableErrors(report));
            // Each cell: the sum of the reports' values as the workbook would hold them, added up here by LINQ.
            foreach (var cell in SummaryCells.All)
            {
                var expected = reports.Sum(r => Convert.ToDecimal(ReportFieldValues.From(r)[cell.Id], CultureInfo.InvariantCulture));
                Assert.True(expected == summary.Total(cell.Id), $"seed {seed}, {cell.Id}: {summary.Total(cell.Id)} ≠ {expected}");
            }
            // R1–R4 (and every count and the fee) hold on the sum.
            var errors = TableErrors(summary.ToReport("测试县人民政府", SampleReports.County.Contact));
            Assert.True(errors.Count == 0, $"seed {seed}: " + string.Join("; ", errors.Select(e => e.Text)));
        }
    }

    /// <summary>The findings about the tables (sheets 二, 三, 四 and the R1–R4 codes); the empty prose is not the tables'.</summary>
    private static List<Finding> TableErrors(AnnualReport report) =>
        ReportValidator.Validate(ReportCells.ToParsedWorkbook(report), new ValidationContext(At)).Errors
            .Where(e => e.Sheet is ReportCells.TableASheet or ReportCells.TableBSheet or ReportCells.TableCSheet
                        || e.Code is FindingCodes.BalanceR1 or FindingCodes.SumResultsTotal or FindingCodes.SumRowTotal or FindingCodes.SumReviewTotal)
            .ToList();

    [Fact]
    public void A_broken_input_breaks_R1_on_the_sum_so_the_property_can_fail()
    {
        var report = GeneratedReports.Create(new Random(7), "测试县第00001号局", Year, 2);
        var cells = report.Applications.Cells.ToArray();
        cells[(int)TableBRow.NewlyReceived * TableB.ColumnCount + (int)ApplicantColumn.NaturalPerson] += 1;
        var broken = report with { Applications = new TableB(cells.ToValueList()) };

        Assert.Contains(TableErrors(broken), e => e.Code == FindingCodes.BalanceR1);
    }

    [Fact]
    public async Task Mixed_fee_precisions_sum_exactly_in_decimal_and_show_the_inputs_precision()
    {
        var bodies = new[]
        {
            SampleRegion.Body(0, "测试县人民政府", BodyType.LocalGovernment, "county-gov"),
            SampleRegion.Body(1, "甲局", BodyType.Department, "dept-a"),
            SampleRegion.Body(2, "乙局", BodyType.Department, "dept-b"),
            SampleRegion.Body(3, "丙局", BodyType.Department, "dept-c"),
        };
        var region = new SampleRegion(bodies, At);
        foreach (var (body, fee) in bodies.Skip(1).Zip(new[] { 0.1m, 0.000001m, 12m }))
        {
            region.Publish(body, SampleReports.County with { Body = body.Name, ActiveDisclosure = SampleReports.County.ActiveDisclosure with { FeesTenThousandYuan = fee } }, At);
        }

        var summary = await SummarizeAsync(region);

        // In double, 0.1 + 0.000001 + 12 is 12.100000999999999; in decimal it is exact, to the 分 (six decimals of 万元).
        var total = summary.Total(ReportFields.TableA(ReportFields.FeesItem, ReportFields.AmountColumn));
        Assert.Equal(12.100001m, total);
        Assert.Equal("12.100001", SummaryCells.Show(total));
        var csv = SummarySheets.Csv(summary);
        var column = Array.IndexOf(csv[0], "A.Fees.Amount");
        Assert.Equal(["12.100001", "0.1", "0.000001", "12"], csv.Skip(2).Select(r => r[column]));
    }

    [Fact]
    public async Task The_selection_sums_own_level_all_or_a_filter_and_never_the_local_government()
    {
        var region = SampleRegion.Generate(bodies: 20, Year, seed: 3, at: At);

        var all = await SummarizeAsync(region, BodySelection.Parse("all"));
        var own = await SummarizeAsync(region, BodySelection.Parse("本级"));
        var towns = await SummarizeAsync(region, BodySelection.Parse("town-"));
        var byName = await SummarizeAsync(region, BodySelection.Parse("第00003号"));

        Assert.Equal(20, all.Included.Count);
        Assert.DoesNotContain(all.Included, b => b.Body.Type == BodyType.LocalGovernment);
        Assert.Equal(18, own.Included.Count);
        Assert.All(own.Included, b => Assert.Equal(BodyType.Department, b.Body.Type));
        Assert.Equal(["测试县第00010镇人民政府", "测试县第00020镇人民政府"], towns.Included.Select(b => b.Body.Name));
        Assert.Equal(["测试县第00003号局"], byName.Included.Select(b => b.Body.Name));
        Assert.Equal(BodySelection.All, BodySelection.Parse(null));
        Assert.False(BodySelection.Parse(SampleRegion.LocalGovernmentName).Matches(region.Register.Bodies[0]));
        // Own level and townships add up to all.
        foreach (var cell in SummaryCells.All)
        {
            Assert.Equal(all.Total(cell.Id), own.Total(cell.Id) + towns.Total(cell.Id));
        }
    }

    [Fact]
    public async Task Every_cells_contributions_in_the_trace_sum_to_the_cell_in_the_sheets_and_in_the_csv()
    {
        var region = SampleRegion.Generate(bodies: 12, Year, seed: 11, published: 9, at: At);
        var summary = await SummarizeAsync(region);
        var workbook = SummarySheets.Workbook(summary);

        // CSV: a column per cell (id, description, 汇总数), a line per summed body with its version; each column adds up to its cell.
        var csv = SummarySheets.Csv(summary);
        Assert.Equal(["机关", "统一社会信用代码", "上传目录", "版本", "发布时间", .. SummaryCells.All.Select(c => c.Id)], csv[0]);
        Assert.Equal(SummaryCells.All.Select(c => c.Description), csv[1].Skip(5));
        var lines = csv.Skip(3).ToList();
        Assert.Equal(summary.Included.Select(b => b.Body.Name), lines.Select(l => l[0]));
        Assert.All(lines, l => Assert.Equal("1", l[3]));
        for (var c = 5; c < csv[0].Length; c++)
        {
            var total = decimal.Parse(csv[2][c], CultureInfo.InvariantCulture);
            Assert.Equal(summary.Total(csv[0][c]), total);
            Assert.Equal(total, lines.Sum(l => decimal.Parse(l[c], CultureInfo.InvariantCulture)));
        }

        // Sheets 溯源二/三/四: every cell a column (id, description), the 汇总数 row, then one row per summed body.
        var seen = new HashSet<string>();
        foreach (var table in new[] { "二", "三", "四" })
        {
            var rows = SummarySheets.Rows(workbook, SummaryWorkbook.TraceSheetPrefix + table);
            Assert.Equal(3 + 9, rows.Count);
            for (var c = 3; c < rows[0].Length; c++)
            {
                var id = rows[0][c]!;
                seen.Add(id);
                Assert.Equal(ReportFields.Get(id).Description, rows[1][c]);
                var total = decimal.Parse(rows[2][c]!, CultureInfo.InvariantCulture);
                Assert.Equal(summary.Total(id), total);
                Assert.Equal(total, rows.Skip(3).Sum(r => decimal.Parse(r[c]!, CultureInfo.InvariantCulture)));
            }
            Assert.Equal(summary.Included.Select(b => b.Body.Name), rows.Skip(3).Select(r => r[0]));
            Assert.All(rows.Skip(3), r => Assert.Equal("1", r[2]));
        }
        Assert.Equal(SummaryCells.All.Select(c => c.Id).ToHashSet(), seen);
    }

    [Fact]
    public async Task Missing_bodies_are_listed_on_the_bodies_sheet_and_said_on_the_first_sheet()
    {
        var region = SamplesRegion();
        var summary = await SummarizeAsync(region);
        var workbook = SummarySheets.Workbook(summary);

        Assert.Equal(SummaryWorkbook.NoteSheet, SummarySheets.Names(workbook)[0]);
        var note = SummarySheets.Rows(workbook, SummaryWorkbook.NoteSheet).Select(r => r[0]).ToList();
        Assert.Contains(note, line => line!.StartsWith("未计入：1 个机关", StringComparison.Ordinal) && line.Contains("云岭县财政局", StringComparison.Ordinal));
        var bodies = SummarySheets.Rows(workbook, SummaryWorkbook.BodiesSheet);
        Assert.Equal(["云岭县人民政府办公室", "山亭区西集镇人民政府", "云岭县财政局"], bodies.Skip(1).Select(r => r[1]));
        Assert.Equal(["已汇总", "已汇总", "未发布，未计入"], bodies.Skip(1).Select(r => r[5]));
        Assert.Equal(["1", "1", null], bodies.Skip(1).Select(r => r.Length > 6 ? r[6] : null));
    }

    [Fact]
    public async Task A_year_with_no_published_report_is_an_empty_valid_workbook_that_says_so()
    {
        var region = SamplesRegion();
        var summary = await SummarizeAsync(region, year: 2023);
        var workbook = SummarySheets.Workbook(summary, SampleReports.County.Contact);

        Assert.Empty(summary.Included);
        Assert.Equal(3, summary.Missing.Count);
        Assert.All(summary.Totals, t => Assert.Equal(0m, t));
        var note = SummarySheets.Rows(workbook, SummaryWorkbook.NoteSheet).Select(r => r[0]).ToList();
        Assert.Contains("注意：所选机关均没有已发布的2023年度报告，各表数据均为 0。", note);
        var validation = ReportValidator.Validate(WorkbookReader.Read(new MemoryStream(workbook), "汇总.xlsx"), new ValidationContext(At));
        Assert.All(validation.Errors, e => Assert.Equal(FindingCodes.ProseEmpty, e.Code));
    }

    [Fact]
    public async Task The_workbook_reads_back_as_the_template_with_the_sums_and_fails_validation_only_for_its_empty_prose()
    {
        var region = SamplesRegion();
        var summary = await SummarizeAsync(region);
        var workbook = SummarySheets.Workbook(summary, SampleReports.County.Contact);

        var parsed = WorkbookReader.Read(new MemoryStream(workbook), "汇总.xlsx");
        Assert.NotNull(parsed.Workbook);
        foreach (var cell in SummaryCells.All)
        {
            // Every table cell found at its template cell (the added sheets fool no label), holding the sum.
            Assert.Equal(TemplateLayout.FieldCells[cell.Id], parsed.Workbook![cell.Id]!.At);
            if (!cell.IsComputedTotal) Assert.Equal((double)summary.Total(cell.Id), Convert.ToDouble(parsed.Workbook[cell.Id]!.Value, CultureInfo.InvariantCulture));
        }
        Assert.Equal("云岭县人民政府", parsed.Workbook![ReportFields.Body]!.Value);
        var validation = ReportValidator.Validate(parsed, new ValidationContext(At));
        Assert.NotEmpty(validation.Errors);
        Assert.All(validation.Errors, e => Assert.Equal(FindingCodes.ProseEmpty, e.Code));
        // The prose written, it is valid: the tables are the county's and the seed's zeros, so the county's prose fits them.
        var filled = WorkbookFactory.From(summary.ToReport("云岭县人民政府", SampleReports.County.Contact) with
        {
            Preface = SampleReports.County.Preface, Overview = SampleReports.County.Overview,
            Problems = SampleReports.County.Problems, OtherMatters = SampleReports.County.OtherMatters,
        }).ToBytes();
        Assert.True(ReportValidator.Validate(WorkbookReader.Read(new MemoryStream(filled), "汇总.xlsx"), new ValidationContext(At)).IsValid);
    }

    [Fact]
    public async Task The_workbook_passes_the_OpenXml_validator()
    {
        var workbook = SummarySheets.Workbook(await SummarizeAsync(SamplesRegion()), SampleReports.County.Contact);

        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(e => $"{e.Path?.XPath}: {e.Description}")));
    }

    [Fact]
    public async Task Long_lists_continue_on_further_sheets_within_the_readers_limits()
    {
        var region = SampleRegion.Generate(bodies: SummaryWorkbook.BodiesPerSheet + 100, Year, seed: 5, at: At);
        var summary = await SummarizeAsync(region);
        var workbook = SummarySheets.Workbook(summary, SampleReports.County.Contact);

        Assert.Equal(["汇总说明", "基本信息", "一", "二", "三", "四", "五", "六", "汇总机关", "汇总机关（2）", "溯源二", "溯源二（2）", "溯源三", "溯源三（2）", "溯源四", "溯源四（2）"],
            SummarySheets.Names(workbook));
        Assert.Equal(100 + 3, SummarySheets.Rows(workbook, "溯源三（2）").Count);
        // Still an uploadable workbook: the reader's limits hold and the tables read back as the sums.
        var parsed = WorkbookReader.Read(new MemoryStream(workbook), "汇总.xlsx");
        Assert.Null(parsed.Problem);
        Assert.Equal((double)summary.Total(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson)),
            Convert.ToDouble(parsed.Workbook![ReportFields.TableB(TableBRow.Granted, ApplicantColumn.NaturalPerson)]!.Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Summary_check_warns_on_each_differing_cell_with_expected_and_actual_and_is_silent_when_equal()
    {
        var region = SamplesRegion();
        var summary = await SummarizeAsync(region);
        var equal = summary.ToReport("云岭县人民政府", SampleReports.County.Contact);
        var licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);
        var differs = equal with { ActiveDisclosure = equal.ActiveDisclosure with { LicensingDecisions = 3567 } };
        var workbook = ReportCells.ToParsedWorkbook(differs);

        Assert.Empty(SummaryCheck.Compare(summary, equal, ReportCells.ToParsedWorkbook(equal)));
        var warning = Assert.Single(SummaryCheck.Compare(summary, differs, workbook));
        Assert.Equal((SummaryCodes.Differs, Severity.Warning, "3562", "3567"), (warning.Code, warning.Severity, warning.Expected, warning.Actual));
        Assert.Equal(workbook[licensing]!.At, new CellLocation(warning.Sheet, warning.Cell));
        Assert.Contains(ReportFields.Get(licensing).Description, warning.Message, StringComparison.Ordinal);
        Assert.Contains("汇总数为 3562，本表为 3567（多 5）", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawal_and_a_first_publication_after_the_summary_are_named_and_said_to_be_the_whole_difference_only_when_they_are()
    {
        var region = SamplesRegion();
        var summary = await SummarizeAsync(region);
        var parsed = WorkbookReader.Read(new MemoryStream(SummarySheets.Workbook(summary, SampleReports.County.Contact)), "汇总.xlsx").Workbook!;
        var stamp = SummaryStamp.Read(parsed)!;
        Assert.Equal(BodySelection.All, stamp.Selection);
        Assert.Equal([("county-office", (int?)1), ("xiji-town", 1), ("finance", null)], stamp.Bodies.Values.Select(b => (b.Folder, b.Version)));
        // After the summary: the county office withdraws; 财政局 publishes the county's tables but 行政许可 100.
        region.Withdraw(SampleReports.County.Body, Year);
        region.Publish(region.Register.Bodies[3], SampleReports.County with
        {
            Body = "云岭县财政局", ActiveDisclosure = SampleReports.County.ActiveDisclosure with { LicensingDecisions = 100 },
        }, At);
        var check = new SummaryCheck(region, new FixedClock(At));
        var unchanged = summary.ToReport("云岭县人民政府", SampleReports.County.Contact);
        var typedOver = unchanged with { ActiveDisclosure = unchanged.ActiveDisclosure with { LicensingDecisions = 3600 } };

        var only = Assert.Single(await check.CheckAsync(region.Register, region.Register.Bodies[0], unchanged, parsed, CancellationToken.None));
        var maybe = Assert.Single(await check.CheckAsync(region.Register, region.Register.Bodies[0], typedOver, parsed, CancellationToken.None));

        Assert.Equal(("100", "3562"), (only.Expected, only.Actual));
        Assert.Contains($"差异仅因汇总后以下机关的现行版本有变化（更正或撤回）：{SampleReports.County.Body}（汇总时为第1版，现无现行版本（已撤回））、" +
            "云岭县财政局（汇总时尚未发布，现为第1版）。", only.Message, StringComparison.Ordinal);
        Assert.Equal(("100", "3600"), (maybe.Expected, maybe.Actual));
        Assert.Contains("可能影响本单元格：", maybe.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("差异仅因", maybe.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summary_workbook_with_a_hand_edited_trace_out_of_range_reads_back_without_throwing()
    {
        var summary = await SummarizeAsync(SamplesRegion());
        var parsed = WorkbookReader.Read(new MemoryStream(SummarySheets.Workbook(summary, SampleReports.County.Contact)), "汇总.xlsx").Workbook!;
        var bodies = parsed.Sheets[SummaryWorkbook.BodiesSheet];
        var trace = parsed.Sheets[SummaryWorkbook.TraceSheetPrefix + "二"];
        bodies[1][6] = 1e300;
        trace[3][3] = double.PositiveInfinity;
        trace[4][3] = "99999999999999999999999999999";

        var stamp = SummaryStamp.Read(parsed)!;

        Assert.Null(stamp.Bodies["county-office"].Version);
        Assert.Equal(0m, stamp.ValuesOf("county-office")![0]);
    }
}
