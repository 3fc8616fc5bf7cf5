using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>The public 年度报告发布情况: written by the ledger through SitePublisher, linked from the index and the year catalogue.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicationStatusPageTests(AzuriteFixture fixture)
{
    // 3 February 2025 in Beijing: three days after the departments' deadline, before the local government's.
    internal static readonly DateTimeOffset February3 = new(2025, 2, 3, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The sample register loaded, the county office's report published in its folder on 3 February 2025.</summary>
    internal static async Task<(PipelineTestKit Kit, UploadStatus Status)> PublishOneOfThreeAsync(string connectionString)
    {
        var kit = PipelineTestKit.Create(connectionString, configure: services => services.AddSingleton<TimeProvider>(new FixedClock(February3)));
        Assert.True((await kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        var status = await kit.DropAndProcessAsync("county-office/2024年报.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes());
        Assert.Equal(UploadOutcome.Published, status.Outcome);
        return (kit, status);
    }

    [Fact]
    public async Task The_page_lists_who_published_when_and_who_has_not_yet_and_the_index_and_year_catalogue_link_it()
    {
        var (kit, _) = await PublishOneOfThreeAsync(fixture.ConnectionString);
        await using var _ = kit;

        var page = await kit.Web.TextAsync(PublicationStatusPage.PathOf(2024));
        Assert.Contains("<h1>2024年度政府信息公开工作年度报告发布情况</h1>", page, StringComparison.Ordinal);
        Assert.Contains("共 3 个机关，已发布 1 个（按时 0 个，逾期 1 个），尚未发布 2 个", page, StringComparison.Ordinal);
        var published = page[page.IndexOf("id=\"published\"", StringComparison.Ordinal)..page.IndexOf("id=\"pending\"", StringComparison.Ordinal)];
        var pending = page[page.IndexOf("id=\"pending\"", StringComparison.Ordinal)..];
        Assert.Contains(">云岭县人民政府办公室</a>", published, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2025-02-03\">2025年2月3日</time></td><td>逾期 3 天", published, StringComparison.Ordinal);
        // 青山镇 (own deadline 1月15日) is overdue and comes first; the local government is not yet due (3月31日).
        var town = pending.IndexOf("云岭县青山镇人民政府", StringComparison.Ordinal);
        Assert.True(town > 0);
        Assert.True(pending.IndexOf("云岭县人民政府<", StringComparison.Ordinal) > town);
        Assert.Contains("已逾期 19 天", pending, StringComparison.Ordinal);
        Assert.Contains("未到期限", pending, StringComparison.Ordinal);

        Assert.Contains($"href=\"{PublicationStatusPage.PathOf(2024)}\">发布情况</a>", await kit.Web.TextAsync("index.html"), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{PublicationStatusPage.FileName}\">本年度报告发布情况</a>", await kit.Web.TextAsync("years/2024/index.html"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawal_moves_the_body_back_to_not_published()
    {
        var (kit, _) = await PublishOneOfThreeAsync(fixture.ConnectionString);
        await using var _ = kit;

        await kit.Services.GetRequiredService<LedgerStore>().RecordAsync(
            new LedgerEvent(SampleReports.County.Body, 2024, LedgerEventKind.Withdrawn, February3.AddDays(1), "w.json"), CancellationToken.None);

        var page = await kit.Web.TextAsync(PublicationStatusPage.PathOf(2024));
        Assert.Contains("已发布 0 个", page, StringComparison.Ordinal);
        Assert.Contains("已撤回，已逾期 3 天", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_register_there_is_no_page_and_no_link()
    {
        await using var kit = PipelineTestKit.Create(fixture.ConnectionString);

        await kit.DropAndProcessAsync("2024年报.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes());

        Assert.DoesNotContain("发布情况", await kit.Web.TextAsync("index.html"), StringComparison.Ordinal);
        Assert.DoesNotContain("发布情况", await kit.Web.TextAsync("years/2024/index.html"), StringComparison.Ordinal);
        Assert.False(await kit.Web.GetBlobClient(PublicationStatusPage.PathOf(2024)).ExistsAsync());
    }
}
