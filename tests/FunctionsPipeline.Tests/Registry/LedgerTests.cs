using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Review;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>The ledger: each body's state kept by the pipeline's own events (preview, reject, approve, withdraw), late or on time by its deadline.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerTests(AzuriteFixture fixture)
{
    // 20 January 2025, 10:00 in Beijing.
    private static readonly DateTimeOffset January20 = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);
    private const string Upload = "county-office/2024年报.xlsx";

    private static LedgerRow Row(LedgerView view, string body) => view.Rows.Single(r => r.Body == body);

    [Fact]
    public async Task A_bodys_report_goes_through_awaiting_returned_published_late_and_withdrawn()
    {
        var clock = new FixedClock(January20);
        var id = Guid.NewGuid().ToString("N")[..8];
        await using var review = await ReviewKit.CreateAsync(fixture.ConnectionString, services => services.AddSingleton<TimeProvider>(clock));
        var services = review.Kit.Services;
        var ledger = services.GetRequiredService<LedgerStore>();
        var register = services.GetRequiredService<RegisterStore>();
        Assert.True((await register.LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
        var county = SampleReports.County.Body;

        var view = (await ledger.ReadAsync(2024))!;
        Assert.All(view.Rows, r => Assert.Equal(LedgerState.NotSubmitted, r.State));
        // 青山镇's own deadline (01-15) has passed: the most urgent; the others are still due.
        Assert.Equal(("云岭县青山镇人民政府", 5), (view.Rows[0].Body, view.Rows[0].DaysLate));
        Assert.Equal("未提交（已逾期 5 天）", view.Rows[0].Label);
        Assert.Equal((3, 0, 0, 3), (view.Registered, view.PublishedOnTime, view.PublishedLate, view.NotPublished));

        Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);
        Assert.Equal(LedgerState.AwaitingReview, Row((await ledger.ReadAsync(2024))!, county).State);

        clock.Now = January20.AddHours(1);
        await review.DecideAsync(Upload, Approval.Rejected, (await review.PreviewAsync(Upload)).Version, "第三部分数字有误");
        Assert.Equal("已退回", Row((await ledger.ReadAsync(2024))!, county).Label);

        clock.Now = January20.AddDays(1);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);
        Assert.Equal("待审核", Row((await ledger.ReadAsync(2024))!, county).Label);

        // Approved on 3 February: three days after the department's 1月31日.
        clock.Now = new DateTimeOffset(2025, 2, 3, 2, 0, 0, TimeSpan.Zero);
        await review.DecideAsync(Upload, Approval.Approved, (await review.PreviewAsync(Upload)).Version);
        var published = Row((await ledger.ReadAsync(2024))!, county);
        Assert.Equal((LedgerState.Published, 3, "已发布（逾期 3 天）"), (published.State, published.DaysLate, published.Label));
        Assert.Equal((1, new DateOnly(2025, 2, 3)), (published.Record!.Version, published.PublishedOn));
        Assert.EndsWith(".html", published.Record.Url, StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(new Uri(published.Record.Url!).AbsolutePath);
        Assert.True(await review.Kit.Web.GetBlobClient(path[(path.IndexOf(review.Kit.Web.Name + "/", StringComparison.Ordinal) + review.Kit.Web.Name.Length + 1)..]).ExistsAsync());

        clock.Now = new DateTimeOffset(2025, 2, 10, 2, 0, 0, TimeSpan.Zero);
        var withdrawals = services.GetRequiredService<WithdrawalProcessor>();
        await withdrawals.Containers.Withdrawals.CreateIfNotExistsAsync();
        var blob = withdrawals.Containers.Withdrawals.GetBlobClient($"w-{id}.json");
        await blob.UploadAsync(new BinaryData(new WithdrawalRequest(county, 2024, "报告中个人信息未作脱敏处理", "办公室 张三").ToJson()));
        Assert.Equal(WithdrawalOutcome.Withdrawn, (await withdrawals.ProcessAsync(blob.Name, blob, CancellationToken.None)).Outcome);
        var withdrawn = Row((await ledger.ReadAsync(2024))!, county);
        Assert.Equal(("已撤回（已逾期 10 天）", (string?)null), (withdrawn.Label, withdrawn.Record!.Url));
    }

    [Fact]
    public async Task A_body_removed_from_the_register_keeps_its_published_report_and_the_ledger_says_it_left()
    {
        var clock = new FixedClock(January20);
        await using var kit = Pipeline.PipelineTestKit.Create(fixture.ConnectionString, configure: services => services.AddSingleton<TimeProvider>(clock));
        var register = kit.Services.GetRequiredService<RegisterStore>();
        var ledger = kit.Services.GetRequiredService<LedgerStore>();
        await register.LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx");
        var status = await kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.County).ToBytes());
        Assert.Equal(UploadOutcome.Published, status.Outcome);
        var site = await kit.SiteSnapshotAsync();

        var smaller = new RegisterFile().Add(RegisterFile.Sample().Rows[0]).Add(RegisterFile.Sample().Rows[2]);
        clock.Now = January20.AddDays(30);
        Assert.True((await register.LoadAsync(smaller.ToXlsx(), "新名单.xlsx")).IsValid);

        var view = (await ledger.ReadAsync(2024))!;
        var left = Row(view, SampleReports.County.Body);
        Assert.True(left.LeftRegister);
        Assert.Equal("已发布（按时）（已移出名单）", left.Label);
        Assert.Same(left, view.Rows[^1]);
        Assert.Equal(2, view.Registered);
        Assert.Equal(site, await kit.SiteSnapshotAsync());
    }

    [Fact]
    public async Task Without_a_register_the_pipeline_keeps_no_ledger()
    {
        await using var kit = Pipeline.PipelineTestKit.Create(fixture.ConnectionString);

        Assert.Equal(UploadOutcome.Published, (await kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);

        Assert.Null(await kit.Services.GetRequiredService<LedgerStore>().ReadAsync(2024));
        Assert.False(await kit.Services.GetRequiredService<RegisterStore>().Container.ExistsAsync());
    }
}
