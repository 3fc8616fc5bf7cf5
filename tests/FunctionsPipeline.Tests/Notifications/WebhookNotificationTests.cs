using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Functions;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Azure.Functions.Worker;
using Moq;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>
/// Webhook notifications through the real pipeline on Azurite: the outbox queue, a real HTTP endpoint on loopback,
/// signatures checked here with our own HMAC, retries, the endpoint down, the robot formats, no webhooks at all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookNotificationTests(AzuriteFixture fixture)
{
    private const string Secret = "s3cret-密钥";
    private static readonly byte[] Seed = WorkbookFactory.From(SampleReports.Seed).ToBytes();

    [Fact]
    public async Task A_published_upload_is_posted_to_the_webhook_signed_with_its_secret_and_the_delivery_is_recorded()
    {
        await using var listener = WebhookListener.Start();
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Name = "信息公开系统", Url = listener.BaseUrl + "hook", Secret = Secret }]);

        var status = await kit.DropAndProcessAsync("西集镇-2024.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Empty(listener.Requests); // the pipeline only queued the event: no HTTP on its path
        var recorded = await kit.DeliverUntilRecordedAsync("西集镇-2024.xlsx");

        var request = Assert.Single(listener.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Url.AbsolutePath);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var timestamp = request.Headers[WebhookRequest.TimestampHeader]!;
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // The receiver's check, written out: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret.
        var expected = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body]));
        Assert.Equal(expected, request.Headers[WebhookRequest.SignatureHeader]);
        // A receiver verifying as docs/notifications.md says accepts this request, and refuses it tampered with or replayed late.
        var signature = request.Headers[WebhookRequest.SignatureHeader]!;
        var now = DateTimeOffset.UtcNow;
        Assert.True(ReceiverAccepts(Secret, timestamp, signature, request.Body, now));
        var tampered = (byte[])request.Body.Clone();
        var digit = Array.IndexOf(tampered, (byte)'1'); // the first digit 1 becomes 2: a plausible forged body
        Assert.True(digit >= 0);
        tampered[digit] = (byte)'2';
        Assert.False(ReceiverAccepts(Secret, timestamp, signature, tampered, now));
        Assert.False(ReceiverAccepts(Secret, timestamp, signature, [.. request.Body, (byte)' '], now));
        Assert.False(ReceiverAccepts("wrong", timestamp, signature, request.Body, now));
        Assert.False(ReceiverAccepts(Secret, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), signature, request.Body, now));
        Assert.False(ReceiverAccepts(Secret, timestamp, signature, request.Body, now.AddMinutes(6)));

        using var json = JsonDocument.Parse(request.Body);
        var body = json.RootElement;
        Assert.Equal("published", body.GetProperty("kind").GetString());
        Assert.Equal("published", request.Headers[WebhookRequest.EventHeader]);
        Assert.Equal(body.GetProperty("id").GetString(), request.Headers[WebhookRequest.DeliveryHeader]);
        Assert.Equal("西集镇-2024.xlsx", body.GetProperty("upload").GetString());
        Assert.Equal(SampleReports.Seed.Body, body.GetProperty("body").GetString());
        Assert.Equal(SampleReports.Seed.Year, body.GetProperty("year").GetInt32());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(status.Message, body.GetProperty("message").GetString());
        Assert.Equal(status.Links.Single(l => l.Kind == "pdf").Url,
            body.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "pdf").GetProperty("url").GetString());

        var delivery = Assert.Single(recorded.Notifications!);
        Assert.Equal(("信息公开系统", "published", WebhookDelivery.Delivered, 1, (int?)200), (delivery.Webhook, delivery.Kind, delivery.Outcome, delivery.Attempts, delivery.HttpStatus));
        // The rest of the record is the pipeline's, untouched.
        Assert.Equal(status with { Notifications = recorded.Notifications }, recorded, StatusComparer.Instance);
    }

    [Fact]
    public async Task A_server_error_is_retried_after_a_backoff_and_then_delivered()
    {
        await using var listener = WebhookListener.Start();
        listener.Answer = (n, _) => n == 1 ? (500, "busy") : (200, "{}");
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl, Secret = Secret }]);

        await kit.DropAndProcessAsync("retry.xlsx", Seed);
        var recorded = await kit.DeliverUntilRecordedAsync("retry.xlsx");

        var requests = listener.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(requests[0].Headers[WebhookRequest.DeliveryHeader], requests[1].Headers[WebhookRequest.DeliveryHeader]);
        Assert.Equal(requests[0].Text, requests[1].Text);
        // Queued again, invisible for the first backoff step (1 s here).
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(requests[1].At - requests[0].At).TotalSeconds:F2} s");
        var delivery = Assert.Single(recorded.Notifications!);
        Assert.Equal((WebhookDelivery.Delivered, 2, (int?)200), (delivery.Outcome, delivery.Attempts, delivery.HttpStatus));
        Assert.StartsWith("#1 127.0.0.1", delivery.Webhook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_webhook_does_not_fail_publication_and_its_failure_is_recorded_after_every_attempt()
    {
        var url = $"http://127.0.0.1:{FreePort.OnLoopback()}/down";
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = url, Secret = Secret }], maxAttempts: 2);

        var status = await kit.DropAndProcessAsync("down.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.True(await new BlobClient(new Uri(status.Links.Single(l => l.Kind == "pdf").Url)).ExistsAsync());
        var recorded = await kit.DeliverUntilRecordedAsync("down.xlsx");
        Assert.Equal(UploadOutcome.Published, recorded.Outcome);
        var delivery = Assert.Single(recorded.Notifications!);
        Assert.Equal((WebhookDelivery.Failed, 2, (int?)null), (delivery.Outcome, delivery.Attempts, delivery.HttpStatus));
        Assert.False(string.IsNullOrWhiteSpace(delivery.Error));
        Assert.Empty(await kit.Queue().ReceiveAsync(1, TimeSpan.FromSeconds(1), CancellationToken.None)); // nothing left to retry
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var listener = WebhookListener.Start();
        listener.Answer = (_, _) => (404, "no such hook");
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl }]);

        await kit.DropAndProcessAsync("gone.xlsx", Seed);
        var delivery = Assert.Single((await kit.DeliverUntilRecordedAsync("gone.xlsx")).Notifications!);

        Assert.Equal((WebhookDelivery.Failed, 1, (int?)404), (delivery.Outcome, delivery.Attempts, delivery.HttpStatus));
        Assert.Single(listener.Requests);
    }

    [Fact]
    public async Task A_queue_that_cannot_be_written_leaves_the_upload_published()
    {
        // An invalid queue name: storage refuses every enqueue (HTTP 400), as it would refuse an outage.
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Url = "http://127.0.0.1:9/never" }], queueName: "Not_A_Queue");

        var status = await kit.DropAndProcessAsync("no-queue.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(UploadOutcome.Published, (await kit.StatusAsync("no-queue.xlsx"))!.Outcome);
    }

    [Fact]
    public async Task Wecom_and_dingtalk_robots_get_a_one_line_chinese_text_with_the_links_and_dingtalk_is_signed_in_the_url()
    {
        await using var listener = WebhookListener.Start();
        const string dingSecret = "SEC0123456789abcdef";
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
        [
            new WebhookOptions { Url = listener.BaseUrl + "cgi-bin/webhook/send?key=abc-123", Format = WebhookFormat.WeCom, Secret = "ignored" },
            new WebhookOptions { Url = listener.BaseUrl + "robot/send?access_token=tok", Format = WebhookFormat.DingTalk, Secret = dingSecret },
        ]);

        var status = await kit.DropAndProcessAsync("robots.xlsx", Seed);
        var recorded = await kit.DeliverUntilRecordedAsync("robots.xlsx", count: 2);

        Assert.All(recorded.Notifications!, d => Assert.Equal(WebhookDelivery.Delivered, d.Outcome));
        var pdf = status.Links.Single(l => l.Kind == "pdf").Url;
        foreach (var request in listener.Requests)
        {
            using var json = JsonDocument.Parse(request.Body);
            Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
            var content = json.RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.StartsWith("【政务公开年报·已发布】", content, StringComparison.Ordinal);
            Assert.Contains(status.Message, content, StringComparison.Ordinal);
            Assert.Contains($"PDF：{pdf}", content, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', content);
            Assert.Null(request.Headers[WebhookRequest.SignatureHeader]);
        }

        var wecom = listener.Requests.Single(r => r.Url.AbsolutePath == "/cgi-bin/webhook/send");
        Assert.Equal("?key=abc-123", wecom.Url.Query);
        var ding = listener.Requests.Single(r => r.Url.AbsolutePath == "/robot/send");
        var query = HttpUtility.ParseQueryString(ding.Url.Query);
        Assert.Equal("tok", query["access_token"]);
        var timestamp = query["timestamp"]!;
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // 钉钉's check: base64 HMAC-SHA256 of "timestamp\nsecret" keyed with the secret.
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(dingSecret), Encoding.UTF8.GetBytes($"{timestamp}\n{dingSecret}")));
        Assert.Equal(sign, query["sign"]);
    }

    [Fact]
    public async Task A_robot_that_answers_with_an_error_code_counts_as_a_failed_attempt()
    {
        await using var listener = WebhookListener.Start();
        listener.Answer = (n, _) => n == 1 ? (200, """{"errcode":45009,"errmsg":"api freq out of limit"}""") : (200, """{"errcode":0,"errmsg":"ok"}""");
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString,
            [new WebhookOptions { Url = listener.BaseUrl + "send?key=k", Format = WebhookFormat.WeCom }]);

        await kit.DropAndProcessAsync("freq.xlsx", Seed);
        var delivery = Assert.Single((await kit.DeliverUntilRecordedAsync("freq.xlsx")).Notifications!);

        Assert.Equal((WebhookDelivery.Delivered, 2), (delivery.Outcome, delivery.Attempts));
    }

    [Fact]
    public async Task A_rejected_upload_is_announced_with_its_findings_link()
    {
        await using var listener = WebhookListener.Start();
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl, Secret = Secret }]);
        var bad = WorkbookFactory.From(SampleReports.County)
            .Set(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.NaturalPerson), 999_999).ToBytes();

        var status = await kit.DropAndProcessAsync("bad.xlsx", bad);
        var recorded = await kit.DeliverUntilRecordedAsync("bad.xlsx");

        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        using var json = JsonDocument.Parse(Assert.Single(listener.Requests).Body);
        Assert.Equal("rejected", json.RootElement.GetProperty("kind").GetString());
        Assert.Contains(json.RootElement.GetProperty("links").EnumerateArray(), l => l.GetProperty("kind").GetString() == "findings-html");
        Assert.Equal("rejected", Assert.Single(recorded.Notifications!).Kind);
    }

    [Fact]
    public async Task Without_webhooks_nothing_is_queued_and_nothing_is_sent()
    {
        var queueName = $"notify-{Guid.NewGuid():N}"[..20];
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [], queueName: queueName);

        var status = await kit.DropAndProcessAsync("quiet.xlsx", Seed);

        Assert.Equal(UploadOutcome.Published, status.Outcome);
        Assert.Equal(0, await kit.Delivery().DeliverPendingAsync(CancellationToken.None));
        Assert.False(await kit.Queue().Client.ExistsAsync()); // not even created
        Assert.Null((await kit.StatusAsync("quiet.xlsx"))!.Notifications);
    }

    [Fact]
    public async Task A_late_delivery_outcome_never_overwrites_a_newer_status_record()
    {
        await using var listener = WebhookListener.Start();
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl }]);

        await kit.DropAndProcessAsync("twice.xlsx", Seed);
        var newer = await kit.DropAndProcessAsync("twice.xlsx", WorkbookFactory.From(SampleReports.County).ToBytes());
        // Both events are queued; the first one's outcome belongs to a record that has since been replaced.
        var recorded = await kit.DeliverUntilRecordedAsync("twice.xlsx");
        Assert.True(await Polling.UntilAsync(() => listener.Requests.Count == 2, TimeSpan.FromSeconds(10)));
        await kit.Delivery().DeliverPendingAsync(CancellationToken.None);

        var final = (await kit.StatusAsync("twice.xlsx"))!;
        Assert.Equal(newer.ProcessedAt, final.ProcessedAt);
        Assert.Equal(SampleReports.County.Body, final.Body);
        Assert.Single(final.Notifications!);
        Assert.Equal(recorded.Notifications, final.Notifications);
    }

    [Fact]
    public async Task The_functions_queue_trigger_delivers_the_queued_event()
    {
        var parameter = typeof(DeliverNotification).GetMethod(nameof(DeliverNotification.RunAsync))!.GetParameters()[0];
        var trigger = (QueueTriggerAttribute)Attribute.GetCustomAttribute(parameter, typeof(QueueTriggerAttribute))!;
        Assert.Equal("notifications", trigger.QueueName);
        Assert.Equal("PipelineStorage", trigger.Connection);

        await using var listener = WebhookListener.Start();
        await using var kit = NotificationTestKit.Create(fixture.ConnectionString, [new WebhookOptions { Url = listener.BaseUrl, Secret = Secret }]);
        await kit.DropAndProcessAsync("functions.xlsx", Seed);
        var message = Assert.Single(await kit.Queue().ReceiveAsync(16, TimeSpan.FromMinutes(1), CancellationToken.None));
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);

        await new DeliverNotification(kit.Delivery()).RunAsync(message.Body.ToString(), context.Object);

        Assert.Single(listener.Requests);
        Assert.Equal(WebhookDelivery.Delivered, Assert.Single((await kit.StatusAsync("functions.xlsx"))!.Notifications!).Outcome);
    }

    /// <summary>Records compared by their JSON (lists compare by content).</summary>
    /// <summary>The receiver's check of docs/notifications.md: HMAC-SHA256 over "timestamp.body", constant-time compare, at most 5 minutes off.</summary>
    private static bool ReceiverAccepts(string secret, string timestamp, string signature, byte[] rawBody, DateTimeOffset now)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. rawBody]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
               && Math.Abs(now.ToUnixTimeSeconds() - long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)) <= 300;
    }

    private sealed class StatusComparer : IEqualityComparer<UploadStatus>
    {
        public static readonly StatusComparer Instance = new();
        public bool Equals(UploadStatus? x, UploadStatus? y) => x?.ToJson() == y?.ToJson();
        public int GetHashCode(UploadStatus obj) => obj.ToJson().GetHashCode(StringComparison.Ordinal);
    }
}
