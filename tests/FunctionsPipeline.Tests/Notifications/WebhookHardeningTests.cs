using System.Text;
using System.Text.Json;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>
/// What a webhook may do to the pipeline and what a chat group is told: https only (http only to loopback), no redirects,
/// a bounded read of the answer, a robot's permanent error final at once, messages that fit the queue and 企业微信's
/// 2,048 bytes, and links in chat messages only to the public site.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookHardeningTests(AzuriteFixture fixture)
{
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Theory]
    [InlineData("https://oa.example.org/hook", true)]
    [InlineData("http://oa.example.org/hook", false)]
    [InlineData("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", false)]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("http://[::1]:8080/hook", true)]
    [InlineData("http://localhost:8080/hook", true)]
    [InlineData("ftp://oa.example.org/hook", false)]
    [InlineData("/relative", false)]
    public void Only_https_or_loopback_http_is_allowed(string url, bool allowed) => Assert.Equal(allowed, WebhookRequest.IsAllowed(url));

    [Fact]
    public async Task A_plain_http_webhook_is_never_queued_nor_called()
    {
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = "http://oa.example.invalid/hook" }]);

        var status = await kit.DropAndProcessAsync("明文.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(0, await kit.Delivery().DeliverPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_final()
    {
        await using var listener = WebhookListener.Start();
        listener.Answer = (_, _) => (302, "");
        listener.Location = listener.BaseUrl + "elsewhere";
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl + "hook" }]);

        await kit.DropAndProcessAsync("跳转.xlsx", Seed);
        var delivery = Assert.Single((await kit.DeliverUntilRecordedAsync("跳转.xlsx")).Notifications!);

        Assert.Equal((WebhookDelivery.Failed, 1, (int?)302), (delivery.Outcome, delivery.Attempts, delivery.HttpStatus));
        Assert.Equal(["/hook"], listener.Requests.Select(r => r.Url.AbsolutePath));
    }

    [Fact]
    public async Task An_answer_that_never_ends_is_read_only_as_far_as_needed()
    {
        await using var listener = WebhookListener.Start();
        listener.Endless = true;
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Url = listener.BaseUrl + "send?key=k", Format = WebhookFormat.WeCom }]);

        await kit.DropAndProcessAsync("无尽.xlsx", Seed);
        var delivery = Assert.Single((await kit.DeliverUntilRecordedAsync("无尽.xlsx")).Notifications!);

        Assert.Equal((WebhookDelivery.Delivered, 1), (delivery.Outcome, delivery.Attempts));
    }

    [Theory]
    [InlineData(WebhookFormat.WeCom, 93000, "invalid webhook url")]
    [InlineData(WebhookFormat.DingTalk, 310000, "sign not match")]
    [InlineData(WebhookFormat.DingTalk, 300001, "token is not exist")]
    public async Task A_robots_permanent_error_is_final_at_once(WebhookFormat format, int errcode, string errmsg)
    {
        await using var listener = WebhookListener.Start();
        listener.Answer = (_, _) => (200, $$"""{"errcode":{{errcode}},"errmsg":"{{errmsg}}"}""");
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl + "send?key=k", Format = format }]);

        await kit.DropAndProcessAsync("错码.xlsx", Seed);
        var delivery = Assert.Single((await kit.DeliverUntilRecordedAsync("错码.xlsx")).Notifications!);

        Assert.Equal((WebhookDelivery.Failed, 1), (delivery.Outcome, delivery.Attempts));
        Assert.Contains(errcode.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Error, StringComparison.Ordinal);
        Assert.Single(listener.Requests);
    }

    [Fact]
    public void A_huge_message_is_cut_to_fit_the_queue_and_a_chat_text_to_2048_bytes_keeping_the_site_links()
    {
        var site = new Uri("https://acct.z7.web.core.windows.net/");
        var reason = new string('很', 60_000);
        var notification = NotificationEvent.Of("rejected", "西集镇-2024.xlsx", "西集镇人民政府", 2024, null,
            $"《报告》经 王审核 审核未通过，未发布。理由：{reason}。请修改后重新上传。",
            [
                new StatusLink("pdf", site + "reports/%E8%A5%BF-1a2b3c4d/2024/v1/report.pdf"),
                new StatusLink("findings-html", "https://acct.blob.core.windows.net/results/findings/a.html"),
                new StatusLink("preview", "https://acct.blob.core.windows.net/previews/a/index.html"),
                new StatusLink("notice", "https://evil.example/acct.z7.web.core.windows.net/notice.html"),
                new StatusLink("html", "http://acct.z7.web.core.windows.net/reports/x.html"),
            ],
            DateTimeOffset.UtcNow);

        var queued = new OutboxMessage { Event = notification.Capped(), Webhook = 0, Fingerprint = "0123456789ab" }.ToJson();
        var chat = notification.Summary(site);

        Assert.True(Encoding.UTF8.GetByteCount(queued) <= 48 * 1024, $"{Encoding.UTF8.GetByteCount(queued)} bytes");
        Assert.EndsWith("…", notification.Capped().Message, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(chat) <= NotificationEvent.MaxChatBytes, $"{Encoding.UTF8.GetByteCount(chat)} bytes");
        Assert.Contains("…", chat, StringComparison.Ordinal);
        Assert.Contains($"PDF：{site}reports/%E8%A5%BF-1a2b3c4d/2024/v1/report.pdf", chat, StringComparison.Ordinal);
        Assert.DoesNotContain("blob.core.windows.net", chat, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", chat, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", chat, StringComparison.Ordinal);
        // A short message is sent whole.
        var shortOne = notification with { Message = "已发布《报告》（第 1 版）。" };
        Assert.Equal("【政务公开年报·未通过检查】已发布《报告》（第 1 版）。（文件：西集镇-2024.xlsx） PDF：" + site + "reports/%E8%A5%BF-1a2b3c4d/2024/v1/report.pdf",
            shortOne.Summary(site));
    }

    [Fact]
    public void A_reviewers_name_and_reason_are_capped_with_an_ellipsis_not_refused()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { decision = "rejected", by = new string('王', 5_000), reason = new string('因', 60_000), version = "abc" });

        var approval = Approval.Parse(json, out var problem);

        Assert.NotNull(approval);
        Assert.Equal("", problem);
        Assert.Equal(Approval.MaxByLength, approval.By.Length);
        Assert.Equal(Approval.MaxReasonLength, approval.Reason!.Length);
        Assert.EndsWith("…", approval.Reason, StringComparison.Ordinal);
        Assert.EndsWith("…", approval.By, StringComparison.Ordinal);
    }
}
