namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// Where and how upload events are sent. Bound from the <c>Notifications</c> configuration section
/// (<c>Notifications:Webhooks:0:Url</c>, <c>Notifications__Webhooks__0__Secret</c> in app settings …).
/// No webhooks configured: nothing is enqueued and nothing is sent.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The queue of the deployed app (its <c>DeliverNotification</c> trigger listens on it; infra creates it).</summary>
    public const string DefaultQueueName = Common.StorageNames.NotificationsQueue;

    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>
    /// Webhooks in one line, added to <see cref="Webhooks"/>: entries separated by white space, each
    /// <c>format|url|secret|name</c> (secret and name may be empty; no spaces or <c>|</c> inside a field), e.g.
    /// <c>Generic|https://oa.example.org/hook|s3cret|OA WeCom|https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K</c>.
    /// The deployment sets it (app setting <c>Notifications__WebhookList</c>) because one value passes through azd's
    /// parameter file unharmed and can be a single Key Vault reference.
    /// </summary>
    public string? WebhookList { get; set; }

    /// <summary><see cref="WebhookList"/> parsed; an entry it cannot read gets an empty URL, so it is skipped with an error in the log.</summary>
    public static IEnumerable<WebhookOptions> ParseList(string? list)
    {
        foreach (var entry in (list ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = entry.Split('|');
            var known = Enum.TryParse<WebhookFormat>(fields[0], ignoreCase: true, out var format) && Enum.IsDefined(format);
            yield return new WebhookOptions
            {
                Format = known ? format : WebhookFormat.Generic,
                Url = known && fields.Length > 1 ? fields[1] : "",
                Secret = fields.Length > 2 && fields[2].Length > 0 ? fields[2] : null,
                Name = fields.Length > 3 && fields[3].Length > 0 ? fields[3] : null,
            };
        }
    }

    /// <summary>The outbox queue in the pipeline's storage account: one message per event and webhook.</summary>
    public string QueueName { get; set; } = DefaultQueueName;

    /// <summary>Attempts per webhook and event, the first included; then the failure is recorded in the status.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the second attempt; doubled before each further one (10 s, 20 s, 40 s … by default).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of the wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>One HTTP attempt gives up after this long (counts as a failed attempt).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Putting an event on the queue gives up after this long (logged; the upload's outcome stands).</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2, 3, …): <see cref="RetryDelay"/> doubled per attempt, capped.</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(2, Math.Max(0, nextAttempt - 2));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}

/// <summary>One webhook: where to POST, the secret to sign with, and the body's shape.</summary>
public sealed class WebhookOptions
{
    /// <summary>Shown in status records and logs instead of the URL (which may carry a key, e.g. 企业微信's <c>key=</c>).</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = "";

    /// <summary>
    /// Generic: the HMAC-SHA256 key of the signature header. DingTalk: the robot's 加签 secret (signs the URL).
    /// WeCom: unused. Empty: unsigned. Keep it in app settings / Key Vault references, never in the repository.
    /// </summary>
    public string? Secret { get; set; }

    public WebhookFormat Format { get; set; } = WebhookFormat.Generic;
}

/// <summary>The body a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary>The event as JSON (<see cref="NotificationEvent"/>), signed in a header.</summary>
    Generic,
    /// <summary>企业微信群机器人 text message: <c>{"msgtype":"text","text":{"content":"…"}}</c>.</summary>
    WeCom,
    /// <summary>钉钉群机器人 text message (same shape); with a secret, the URL carries <c>timestamp</c> and <c>sign</c>.</summary>
    DingTalk,
}
