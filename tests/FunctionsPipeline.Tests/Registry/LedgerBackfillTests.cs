using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>
/// Reports published (or withdrawn) before the register was loaded produced no ledger event: loading the register brings
/// the ledger and the public 年度报告发布情况 in line with the site, without overwriting what events told it, and only once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerBackfillTests(AzuriteFixture fixture)
{
    // 20 January 2025, 10:00 in Beijing: before the departments' 1月31日, five days after 青山镇's own 01-15.
    private static readonly DateTimeOffset January20 = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);
    // 3 February 2025 in Beijing: the register is loaded.
    private static readonly DateTimeOffset February3 = new(2025, 2, 3, 2, 0, 0, TimeSpan.Zero);

    private const string Town = "云岭县青山镇人民政府";
    private const string LocalGovernment = "云岭县人民政府";

    /// <summary>青山镇's report (the sample's figures under the town's name and its registered code).</summary>
    private static AnnualReport TownReport => SampleReports.County with { Body = Town, CreditCode = RegisterFile.Sample().Rows[2][1] };

    private static LedgerRow Row(LedgerView view, string body) => view.Rows.Single(r => r.Body == body);

    private static PipelineTestKit Kit(string connectionString, FixedClock clock) =>
        PipelineTestKit.Create(connectionString, configure: services => services.AddSingleton<TimeProvider>(clock));

    /// <summary>Loads the sample register (as <c>fp registry load</c> does: the file, then the ledger from the site).</summary>
    private static async Task<LedgerBackfill> LoadRegisterAsync(PipelineTestKit kit)
    {
        Assert.True((await kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        return await kit.Services.GetRequiredService<LedgerStore>().BackfillFromSiteAsync();
    }

    private static async Task PublishAsync(PipelineTestKit kit, string upload, AnnualReport report) =>
        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync(upload, WorkbookFactory.From(report).ToBytes())).Outcome);

    [Fact]
    public async Task Reports_published_before_the_register_show_as_published_on_time_or_late_in_the_ledger_and_on_the_public_page()
    {
        var clock = new FixedClock(January20);
        await using var kit = Kit(fixture.ConnectionString, clock);
        await PublishAsync(kit, "2024年报.xlsx", SampleReports.County);
        await PublishAsync(kit, "青山镇2024年报.xlsx", TownReport);

        clock.Now = February3;
        var backfill = await LoadRegisterAsync(kit);

        Assert.Equal(2, backfill.Filled);
        Assert.Equal([2024], backfill.Years);
        var view = (await kit.Services.GetRequiredService<LedgerStore>().ReadAsync(2024))!;
        var county = Row(view, SampleReports.County.Body);
        Assert.Equal(("已发布（按时）", new DateOnly(2025, 1, 20), 1, LedgerStore.SiteSource), (county.Label, county.PublishedOn, county.Record!.Version, county.Record.Source));
        Assert.EndsWith(".html", county.Record.Url, StringComparison.Ordinal);
        Assert.Equal("已发布（逾期 5 天）", Row(view, Town).Label);
        Assert.Equal("未提交", Row(view, LocalGovernment).Label);

        var page = await kit.Web.TextAsync(PublicationStatusPage.PathOf(2024));
        Assert.Contains("共 3 个机关，已发布 2 个（按时 1 个，逾期 1 个），尚未发布 1 个", page, StringComparison.Ordinal);
        var published = page[page.IndexOf("id=\"published\"", StringComparison.Ordinal)..page.IndexOf("id=\"pending\"", StringComparison.Ordinal)];
        var pending = page[page.IndexOf("id=\"pending\"", StringComparison.Ordinal)..];
        Assert.Contains($">{SampleReports.County.Body}</a>", published, StringComparison.Ordinal);
        Assert.Contains($">{Town}</a>", published, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2025-01-20\">2025年1月20日</time></td><td>逾期 5 天", published, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2025-01-20\">2025年1月20日</time></td><td>按时", published, StringComparison.Ordinal);
        Assert.Contains(LocalGovernment, pending, StringComparison.Ordinal);
        Assert.Contains("未到期限", pending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publication_withdrawn_before_the_register_shows_as_withdrawn()
    {
        var clock = new FixedClock(January20);
        await using var kit = Kit(fixture.ConnectionString, clock);
        await PublishAsync(kit, "2024年报.xlsx", SampleReports.County);
        clock.Now = January20.AddDays(2);
        var withdrawals = kit.Services.GetRequiredService<WithdrawalProcessor>();
        await withdrawals.Containers.Withdrawals.CreateIfNotExistsAsync();
        var request = withdrawals.Containers.Withdrawals.GetBlobClient($"w-{Guid.NewGuid():N}.json");
        await request.UploadAsync(new BinaryData(new WithdrawalRequest(SampleReports.County.Body, 2024, "报告中个人信息未作脱敏处理", "办公室 张三").ToJson()));
        Assert.Equal(WithdrawalOutcome.Withdrawn, (await withdrawals.ProcessAsync(request.Name, request, CancellationToken.None)).Outcome);

        clock.Now = February3;
        Assert.Equal(1, (await LoadRegisterAsync(kit)).Filled);

        var county = Row((await kit.Services.GetRequiredService<LedgerStore>().ReadAsync(2024))!, SampleReports.County.Body);
        Assert.Equal((LedgerState.Withdrawn, "已撤回（已逾期 3 天）", (string?)null), (county.State, county.Label, county.Record!.Url));
        var page = await kit.Web.TextAsync(PublicationStatusPage.PathOf(2024));
        Assert.Contains("共 3 个机关，已发布 0 个", page, StringComparison.Ordinal);
        var pending = page[page.IndexOf("id=\"pending\"", StringComparison.Ordinal)..];
        Assert.Contains(SampleReports.County.Body, pending, StringComparison.Ordinal);
        Assert.Contains("已撤回", pending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_recorded_after_the_load_is_not_overwritten_by_a_second_load()
    {
        var clock = new FixedClock(January20);
        await using var kit = Kit(fixture.ConnectionString, clock);
        await PublishAsync(kit, "2024年报.xlsx", SampleReports.County);
        clock.Now = February3;
        Assert.Equal(1, (await LoadRegisterAsync(kit)).Filled);
        var ledger = kit.Services.GetRequiredService<LedgerStore>();
        Assert.Equal("已发布（按时）", Row((await ledger.ReadAsync(2024))!, SampleReports.County.Body).Label);

        // After the load, a correction of the live report awaits review (the lifecycle's event).
        clock.Now = February3.AddDays(1);
        Assert.True(await ledger.ApplyAsync(new LedgerEvent(SampleReports.County.Body, 2024, LedgerEventKind.Previewed, clock.Now, "county-office/更正.xlsx"), CancellationToken.None));

        clock.Now = February3.AddDays(2);
        Assert.Equal(0, (await LoadRegisterAsync(kit)).Filled);

        var county = Row((await ledger.ReadAsync(2024))!, SampleReports.County.Body);
        Assert.Equal(("已发布（按时），更正待审核", "county-office/更正.xlsx", February3.AddDays(1)), (county.Label, county.Record!.Source, county.Record.UpdatedAt));
    }

    [Fact]
    public async Task A_second_load_changes_nothing()
    {
        var clock = new FixedClock(January20);
        await using var kit = Kit(fixture.ConnectionString, clock);
        await PublishAsync(kit, "2024年报.xlsx", SampleReports.County);
        await PublishAsync(kit, "青山镇2024年报.xlsx", TownReport);
        // A correction: two versions, the first publication date kept.
        clock.Now = January20.AddDays(1);
        await PublishAsync(kit, "2024年报.xlsx", SampleReports.County with { Contact = SampleReports.County.Contact with { Phone = "0123-7654321" } });
        clock.Now = February3;
        Assert.Equal(2, (await LoadRegisterAsync(kit)).Filled);
        var county = Row((await kit.Services.GetRequiredService<LedgerStore>().ReadAsync(2024))!, SampleReports.County.Body);
        Assert.Equal(("已发布（按时）", 2, new DateOnly(2025, 1, 20)), (county.Label, county.Record!.Version, county.PublishedOn));
        var registry = kit.Services.GetRequiredService<RegisterStore>().Container;
        var ledgerBefore = (await registry.SnapshotAsync()).Where(b => b.Key.StartsWith("ledger", StringComparison.Ordinal)).ToDictionary();
        var siteBefore = await kit.SiteSnapshotAsync();

        clock.Now = February3.AddDays(1);
        var second = await LoadRegisterAsync(kit);

        Assert.Equal((0, 0), (second.Filled, second.Years.Count));
        Assert.Equal(ledgerBefore, (await registry.SnapshotAsync()).Where(b => b.Key.StartsWith("ledger", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal(siteBefore, await kit.SiteSnapshotAsync());
    }
}
