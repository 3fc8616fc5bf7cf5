using FunctionsPipeline.Core.Common;
using System.Globalization;
using System.Text.Json;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.ReviewConsole;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Workbook;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Registry;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Summary;

/// <summary>
/// The summary over a real site on Azurite: the register's sample (云岭县人民政府 本级政府, the county office, 青山镇), the
/// county office's report published through the pipeline. <c>fp summarize</c>'s work (<see cref="SummaryExport"/>) and the
/// 本级政府's upload checked against the sums (<see cref="SummaryCodes.Differs"/>).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SummaryStorageTests(AzuriteFixture fixture) : IDisposable
{
    private const string LocalGovernment = "云岭县人民政府";
    private readonly string _folder = Directory.CreateTempSubdirectory("fp-summary-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<PipelineTestKit> KitWithCountyPublishedAsync(string connectionString)
    {
        var kit = PipelineTestKit.Create(connectionString);
        Assert.True((await kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);
        return kit;
    }

    private sealed class Recorded : IProgress<WorkProgress>
    {
        public List<WorkProgress> Reports { get; } = [];

        public void Report(WorkProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    [Fact]
    public async Task Summarize_writes_the_workbook_and_its_trace_whole_with_the_missing_township_listed()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        var output = Path.Combine(_folder, "云岭县汇总.xlsx");
        var progress = new Recorded();

        var outcome = await kit.Services.GetRequiredService<SummaryExport>().RunAsync(new SummaryRequest(2024, null, output), progress);

        Assert.Equal(0, outcome.ExitCode);
        var summary = outcome.Summary!;
        Assert.Equal([(SampleReports.County.Body, 1)], summary.Included.Select(b => (b.Body.Name, b.Entry.Version)));
        Assert.Equal(["云岭县青山镇人民政府"], summary.Missing.Select(b => b.Name));
        Assert.Contains("未发布 1 个", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(new WorkProgress(RegionSummarizer.BodiesStage, 2, 2), progress.Reports.MaxBy(p => p.Done));
        // Exactly the two files, no temporary file left behind.
        Assert.Equal(["云岭县汇总.trace.csv", "云岭县汇总.xlsx"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var parsed = WorkbookReader.Read(File.OpenRead(output), "云岭县汇总.xlsx").Workbook!;
        Assert.Equal(LocalGovernment, parsed[ReportFields.Body]!.Value);
        Assert.Equal(3562d, parsed[ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)]!.Value);
        var csv = File.ReadAllLines(Path.ChangeExtension(output, ".trace.csv")).Select(l => l.TrimStart('\uFEFF').Split(',')).ToList();
        var county = Assert.Single(csv, l => l[0] == SampleReports.County.Body);
        Assert.Equal(("county-office", "1", "3562"), (county[2], county[3], county[Array.IndexOf(csv[0], "A.Licensing.Decisions")]));
    }

    [Fact]
    public async Task A_report_withdrawn_after_the_sum_stays_in_that_trace_at_the_version_used_and_the_next_sum_lists_it_missing()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        var export = kit.Services.GetRequiredService<SummaryExport>();
        var before = Path.Combine(_folder, "before.xlsx");
        Assert.Equal(0, (await export.RunAsync(new SummaryRequest(2024, "all", before))).ExitCode);

        await kit.Publisher.WithdrawAsync(new WithdrawalOrder(SampleReports.County.Body, 2024, "报告中个人信息未作脱敏处理", "办公室 张三"), "req-1", "w1.json");
        var after = await export.RunAsync(new SummaryRequest(2024, "all", Path.Combine(_folder, "after.xlsx")));

        var trace = SummarySheets.Rows(File.ReadAllBytes(before), SummaryWorkbook.TraceSheetPrefix + "二");
        Assert.Equal(new string?[] { SampleReports.County.Body, "county-office", "1" }, trace[3][..3]);
        Assert.Equal(0, after.ExitCode);
        Assert.Empty(after.Summary!.Included);
        Assert.Equal(["云岭县人民政府办公室", "云岭县青山镇人民政府"], after.Summary.Missing.Select(b => b.Name));
        Assert.All(after.Summary.Totals, t => Assert.Equal(0m, t));
    }

    [Fact]
    public async Task Refusals_write_nothing_and_say_why_with_their_exit_codes()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        var export = kit.Services.GetRequiredService<SummaryExport>();
        var output = Path.Combine(_folder, "汇总.xlsx");

        var nothing = await export.RunAsync(new SummaryRequest(2024, "不存在的区", output));
        var ownGovernmentOnly = await export.RunAsync(new SummaryRequest(2024, "yunling-gov", output));
        var badYear = await export.RunAsync(new SummaryRequest(1999, null, output));
        var notXlsx = await export.RunAsync(new SummaryRequest(2024, null, Path.Combine(_folder, "汇总.csv")));
        var noFolder = await export.RunAsync(new SummaryRequest(2024, null, Path.Combine(_folder, "无此目录", "汇总.xlsx")));

        Assert.Equal((1, SummaryCodes.NoBodies), (nothing.ExitCode, nothing.Code));
        Assert.Contains("没有符合“不存在的区”的机关", nothing.Message, StringComparison.Ordinal);
        Assert.Equal((1, SummaryCodes.NoBodies), (ownGovernmentOnly.ExitCode, ownGovernmentOnly.Code));
        Assert.Equal(2, badYear.ExitCode);
        Assert.Equal(2, notXlsx.ExitCode);
        Assert.Equal(2, noFolder.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));

        await using var bare = PipelineTestKit.Create(fixture.ConnectionString);
        var noRegister = await bare.Services.GetRequiredService<SummaryExport>().RunAsync(new SummaryRequest(2024, null, output));
        Assert.Equal((1, SummaryCodes.NoRegister), (noRegister.ExitCode, noRegister.Code));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task The_local_governments_upload_is_checked_against_the_sums_warning_on_a_differing_cell_and_silent_when_equal()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        // The office's report: the sums (the county office's tables; 青山镇 has not published), its prose written.
        var equal = SampleReports.County with { Body = LocalGovernment, CreditCode = RegisterFile.Code("11539999MB1234500") };
        var differs = equal with { ActiveDisclosure = equal.ActiveDisclosure with { LicensingDecisions = 3567 } };

        var first = await kit.DropAndProcessAsync("yunling-gov/汇总.xlsx", WorkbookFactory.From(equal).ToBytes());
        var second = await kit.DropAndProcessAsync("yunling-gov/汇总-更正.xlsx", WorkbookFactory.From(differs).ToBytes());

        Assert.Equal(UploadOutcome.Published, first.Outcome);
        Assert.DoesNotContain(await WarningsAsync(kit, "yunling-gov/汇总.xlsx"), w => w.GetProperty("code").GetString() == SummaryCodes.Differs);
        Assert.Equal(UploadOutcome.Published, second.Outcome);   // a warning never stops the publication
        var warning = Assert.Single(await WarningsAsync(kit, "yunling-gov/汇总-更正.xlsx"), w => w.GetProperty("code").GetString() == SummaryCodes.Differs);
        var cell = WorkbookFactory.LocationOf(ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn));
        Assert.Equal((cell.Sheet, cell.Address, "3562", "3567"), (warning.GetProperty("sheet").GetString(), warning.GetProperty("cell").GetString(),
            warning.GetProperty("expected").GetString(), warning.GetProperty("actual").GetString()));

        // A department's upload is never compared with the sums.
        var department = await kit.DropAndProcessAsync("county-office/2024年报-更正.xlsx",
            WorkbookFactory.From(SampleReports.County with { ActiveDisclosure = SampleReports.County.ActiveDisclosure with { PenaltyDecisions = 1 } }).ToBytes());
        Assert.Equal(UploadOutcome.Published, department.Outcome);
        Assert.DoesNotContain(await WarningsAsync(kit, "county-office/2024年报-更正.xlsx"), w => w.GetProperty("code").GetString() == SummaryCodes.Differs);
    }

    [Fact]
    public async Task The_review_console_downloads_the_years_summary_workbook_and_refuses_clearly()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        await kit.Services.PrepareStorageAsync();   // the queue page reads the previews container
        var console = kit.Services.GetRequiredService<ReviewConsoleApp>();
        Task<ConsoleResponse> GetAsync(string path, params (string Key, string Value)[] query) => console.HandleAsync(new ConsoleRequest("GET", path, "/console/",
            "http://127.0.0.1", query.ToDictionary(q => q.Key, q => q.Value), new Dictionary<string, string>(), new Dictionary<string, string>(), FromLoopback: true),
            CancellationToken.None);

        var queue = System.Text.Encoding.UTF8.GetString((await GetAsync("")).Body);
        var download = await GetAsync("summary", ("year", "2024"));
        var noYear = await GetAsync("summary");
        var nothing = await GetAsync("summary", ("year", "2024"), ("bodies", "不存在的区"));

        Assert.Contains("action=\"summary\"", queue, StringComparison.Ordinal);
        Assert.Equal((200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (download.Status, download.ContentType));
        Assert.StartsWith("attachment;", download.Headers["Content-Disposition"], StringComparison.Ordinal);
        var parsed = WorkbookReader.Read(new MemoryStream(download.Body), "汇总.xlsx").Workbook!;
        Assert.Equal(3562d, parsed[ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn)]!.Value);
        Assert.Equal(SummaryWorkbook.NoteSheet, SummarySheets.Names(download.Body)[0]);
        Assert.Equal(400, noYear.Status);
        Assert.Equal(404, nothing.Status);
        Assert.Contains("没有符合“不存在的区”的机关", System.Text.Encoding.UTF8.GetString(nothing.Body), StringComparison.Ordinal);
    }

    private const string Township = "云岭县青山镇人民政府";
    private static readonly string Licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);

    /// <summary>The county office and 青山镇 published (青山镇 with the county's tables), so 本级 and all sum differently.</summary>
    private static async Task<PipelineTestKit> KitWithCountyAndTownshipPublishedAsync(string connectionString)
    {
        var kit = await KitWithCountyPublishedAsync(connectionString);
        var township = SampleReports.County with { Body = Township, CreditCode = RegisterFile.Code("11539999MB1234501") };
        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync("qingshan-town/2024年报.xlsx", WorkbookFactory.From(township).ToBytes())).Outcome);
        return kit;
    }

    /// <summary><c>fp summarize --year 2024 --bodies BODIES</c>'s workbook with the office's part written (prose, contact), plus any <paramref name="changes"/>.</summary>
    private static async Task<byte[]> OfficesSummaryAsync(PipelineTestKit kit, string bodies, params (string Id, object? Value)[] changes)
    {
        var (outcome, workbook) = await kit.Services.GetRequiredService<SummaryExport>().WorkbookAsync(2024, bodies);
        Assert.Equal(0, outcome.ExitCode);
        var county = ReportFieldValues.From(SampleReports.County);
        var office = new[] { ReportFields.Preface, ReportFields.Overview, ReportFields.Problems, ReportFields.Other,
            ReportFields.Address, ReportFields.Postcode, ReportFields.Phone, ReportFields.Website }.ToDictionary(id => id, id => county[id]);
        foreach (var (id, value) in changes) office[id] = value;
        return SummarySheets.Fill(workbook!, office);
    }

    private static async Task<List<JsonElement>> DiffersAsync(PipelineTestKit kit, string upload, byte[] workbook)
    {
        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync(upload, workbook)).Outcome);   // a warning never stops the publication
        return (await WarningsAsync(kit, upload)).Where(w => w.GetProperty("code").GetString() == SummaryCodes.Differs).ToList();
    }

    [Fact]
    public async Task A_summary_of_the_own_level_uploaded_unchanged_is_checked_against_the_own_level_and_gives_no_warning()
    {
        await using var kit = await KitWithCountyAndTownshipPublishedAsync(fixture.ConnectionString);
        var workbook = await OfficesSummaryAsync(kit, "本级");

        Assert.Equal("本级", SummaryStamp.Read(WorkbookReader.Read(new MemoryStream(workbook), "汇总.xlsx").Workbook)!.Selection.ToString());
        Assert.Empty(await DiffersAsync(kit, "yunling-gov/汇总.xlsx", workbook));
    }

    [Fact]
    public async Task One_cell_changed_in_an_own_level_summary_is_the_one_warning_and_it_names_the_own_level_selection()
    {
        await using var kit = await KitWithCountyAndTownshipPublishedAsync(fixture.ConnectionString);
        var workbook = await OfficesSummaryAsync(kit, "本级", (Licensing, 3567));

        var warning = Assert.Single(await DiffersAsync(kit, "yunling-gov/汇总.xlsx", workbook));
        var cell = WorkbookFactory.LocationOf(Licensing);
        Assert.Equal((cell.Sheet, cell.Address, "3562", "3567"), (warning.GetProperty("sheet").GetString(), warning.GetProperty("cell").GetString(),
            warning.GetProperty("expected").GetString(), warning.GetProperty("actual").GetString()));
        var message = warning.GetProperty("message").GetString()!;
        Assert.Contains($"汇总范围：{BodySelection.OwnLevel.Chinese}，即工作簿“汇总说明”所载的“本级”", message, StringComparison.Ordinal);
        Assert.Contains("名单内1个机关", message, StringComparison.Ordinal);
        Assert.DoesNotContain("现行版本有变化", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_typed_local_government_workbook_without_a_selection_is_compared_with_all_and_says_so()
    {
        await using var kit = await KitWithCountyAndTownshipPublishedAsync(fixture.ConnectionString);
        // The county office's tables typed into the template by hand: they are the 本级 sums, but nothing says so.
        var typed = SampleReports.County with { Body = LocalGovernment, CreditCode = RegisterFile.Code("11539999MB1234500") };

        var warnings = await DiffersAsync(kit, "yunling-gov/手工.xlsx", WorkbookFactory.From(typed).ToBytes());

        var licensing = Assert.Single(warnings, w => w.GetProperty("cell").GetString() == WorkbookFactory.LocationOf(Licensing).Address
            && w.GetProperty("sheet").GetString() == WorkbookFactory.LocationOf(Licensing).Sheet);
        Assert.Equal(("7124", "3562"), (licensing.GetProperty("expected").GetString(), licensing.GetProperty("actual").GetString()));
        Assert.All(warnings, w => Assert.Contains($"汇总范围：{BodySelection.All.Chinese}。本工作簿未载明汇总范围", w.GetProperty("message").GetString()!, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("名单内2个机关", w.GetProperty("message").GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_correction_after_the_summary_is_named_in_the_warning_with_the_version_summed_and_the_live_one()
    {
        await using var kit = await KitWithCountyPublishedAsync(fixture.ConnectionString);
        var workbook = await OfficesSummaryAsync(kit, "本级");
        var corrected = SampleReports.County with { ActiveDisclosure = SampleReports.County.ActiveDisclosure with { LicensingDecisions = 3570 } };
        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync("county-office/2024年报-更正.xlsx", WorkbookFactory.From(corrected).ToBytes())).Outcome);

        var warning = Assert.Single(await DiffersAsync(kit, "yunling-gov/汇总.xlsx", workbook));

        Assert.Equal(("3570", "3562"), (warning.GetProperty("expected").GetString(), warning.GetProperty("actual").GetString()));
        Assert.Contains($"差异仅因汇总后以下机关的现行版本有变化（更正或撤回）：{SampleReports.County.Body}（汇总时为第1版，现为第2版）",
            warning.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> WarningsAsync(PipelineTestKit kit, string upload)
    {
        var blob = kit.Results.GetBlobClient(ResultNames.FindingsJson(upload));
        if (!await blob.ExistsAsync()) return [];
        return JsonDocument.Parse(await kit.Results.TextAsync(ResultNames.FindingsJson(upload))).RootElement.GetProperty("warnings").EnumerateArray().ToList();
    }
}
