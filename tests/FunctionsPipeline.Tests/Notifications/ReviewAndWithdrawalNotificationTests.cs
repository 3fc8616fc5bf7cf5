using FunctionsPipeline.Core.Hosting;
using System.Text.Json;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Pipeline;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Withdrawal;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>
/// The review gate and withdrawals tell the webhooks too: awaiting-approval when a preview is written, published when
/// the approval publishes it, withdrawn when a withdrawal takes it down. Real pipeline on Azurite, real HTTP on loopback.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReviewAndWithdrawalNotificationTests(AzuriteFixture fixture)
{
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task Awaiting_approval_then_published_then_withdrawn_are_each_posted_to_the_webhook()
    {
        await using var listener = WebhookListener.Start();
        var id = Guid.NewGuid().ToString("N")[..10];
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Name = "审核群", Url = listener.BaseUrl + "hook", Secret = "k" }], more: new Dictionary<string, string?>
            {
                ["Pipeline:Publication"] = "ReviewRequired",
                ["Pipeline:PreviewsContainer"] = $"previews-{id}",
                ["Pipeline:ApprovalsContainer"] = $"approvals-{id}",
                ["Pipeline:WithdrawalsContainer"] = $"withdrawals-{id}",
                ["Pipeline:ArchiveContainer"] = $"archive-{id}",
                ["Pipeline:AuditContainer"] = $"audit-{id}",
            });
        var containers = kit.Services.GetRequiredService<StorageContainers>();
        await kit.Services.PrepareStorageAsync();

        var waiting = await kit.DropAndProcessAsync("西集镇-2024.xlsx", Seed);
        Assert.Equal(UploadOutcome.AwaitingApproval, waiting.Outcome);
        await kit.DeliverUntilRecordedAsync("西集镇-2024.xlsx");
        Assert.Equal(["awaiting-approval"], Kinds(listener));

        var approval = containers.Approvals.GetBlobClient("西集镇-2024.xlsx.json");
        await approval.UploadAsync(BinaryData.FromString(new Approval(Approval.Approved, "李审核", null, waiting.ETag!).ToJson()));
        var approved = await kit.Services.GetRequiredService<ApprovalProcessor>().ProcessAsync("西集镇-2024.xlsx.json", approval, CancellationToken.None);
        Assert.Equal(ApprovalOutcome.Published, approved.Outcome);
        var published = await kit.DeliverUntilRecordedAsync("西集镇-2024.xlsx");
        Assert.Equal(UploadOutcome.Published, published.Outcome);
        Assert.Equal(["awaiting-approval", "published"], Kinds(listener));

        var request = containers.Withdrawals.GetBlobClient("撤回.json");
        await request.UploadAsync(BinaryData.FromString(WithdrawalKit.Json(TestReports.SeedBody, 2024)));
        var withdrawn = await kit.Services.GetRequiredService<WithdrawalProcessor>().ProcessAsync("撤回.json", request, CancellationToken.None);
        Assert.Equal(WithdrawalOutcome.Withdrawn, withdrawn.Outcome);
        Assert.True(await Polling.UntilAsync(async () =>
        {
            await kit.Delivery().DeliverPendingAsync(CancellationToken.None);
            return listener.Requests.Count >= 3;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250)), "the withdrawn event was not delivered");

        Assert.Equal(["awaiting-approval", "published", "withdrawn"], Kinds(listener));
        using var last = JsonDocument.Parse(listener.Requests.Last().Body);
        Assert.Equal(TestReports.SeedBody, last.RootElement.GetProperty("body").GetString());
        Assert.Contains(last.RootElement.GetProperty("links").EnumerateArray(), l => l.GetProperty("kind").GetString() == "withdrawal-notice");
    }

    private static List<string?> Kinds(WebhookListener listener) =>
        [.. listener.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString())];
}
