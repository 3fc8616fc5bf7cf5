using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// Sends queued events (<see cref="OutboxMessage"/>): the Functions app's <c>DeliverNotification</c> queue trigger and
/// the local trigger host (<see cref="DeliverPendingAsync"/>) hand each message to <see cref="HandleAsync"/>.
/// <para>
/// One HTTP attempt per message. A failure that may pass (no connection, timeout, HTTP 5xx/408/429, a robot's
/// <c>errcode</c> that means busy or rate-limited, <see cref="RetryableRobotErrors"/>) is put back on the queue, visible
/// after <see cref="NotificationOptions.DelayBefore"/> (exponential backoff), until <see cref="NotificationOptions.MaxAttempts"/>;
/// any other 4xx, any other robot <c>errcode</c> (a wrong key, a signature or keyword mismatch, a message refused) and a
/// URL that is not <c>https</c> (<see cref="WebhookRequest.IsAllowed"/>) are final at once. Redirects are not followed
/// (a 3xx is final), and at most <see cref="MaxResponseBytes"/> of an answer are read. The final outcome is
/// kept in the status record the event came
/// from (<see cref="IDeliveryLog"/>), and only if that record is still the one the event came from.
/// </para>
/// </summary>
public sealed class NotificationDelivery(
    NotificationQueue queue,
    IDeliveryLog log,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDelivery> logger,
    Publishing.SitePublisher? site = null) : IDisposable
{
    /// <summary>Beyond this many receives (attempts cut short by a crash or storage trouble) the local host drops a message, as the Functions host moves it to <c>notifications-poison</c>.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>How much of an answer is read: a robot's <c>{"errcode":…,"errmsg":…}</c> is a few dozen bytes.</summary>
    public const int MaxResponseBytes = 16 * 1024;

    /// <summary>
    /// Robot <c>errcode</c>s worth another attempt: -1 system busy (both), 45009 and 45033 call frequency or concurrency
    /// over the limit (企业微信), 130101 sending too fast (钉钉). Every other non-zero errcode is final.
    /// </summary>
    public static readonly IReadOnlySet<int> RetryableRobotErrors = new HashSet<int> { -1, 45009, 45033, 130101 };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // A webhook that moved says so with a 3xx; following it would send the event (and a key in the URL) elsewhere.
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // per attempt: NotificationOptions.Timeout
        MaxResponseContentBufferSize = MaxResponseBytes,
    };

    private readonly Uri? _site = site?.SiteBase;

    /// <summary>
    /// Handles one queue message. Throws only when storage is unavailable (putting the retry back, updating the
    /// status record) or <paramref name="cancellationToken"/> fires, so the queue delivers the message again.
    /// </summary>
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = OutboxMessage.Parse(messageText);
        if (message is null)
        {
            logger.LogWarning("Ignoring a notifications message that is not an outbox message");
            return;
        }
        var settings = options.Value;
        var notification = message.Event;
        if (Find(settings, message) is not var (index, webhook))
        {
            logger.LogWarning("The webhook of the {Kind} notification of {Upload} is no longer configured; dropped", notification.Kind, notification.Upload);
            return;
        }
        var name = WebhookRequest.DisplayName(webhook, index);
        var attempt = message.Attempts + 1;
        var result = await SendAsync(webhook, notification, cancellationToken);
        if (result.Delivered)
        {
            logger.LogInformation("Notified {Webhook} of {Upload} {Kind} (attempt {Attempt}, HTTP {Status})", name, notification.Upload, notification.Kind, attempt, result.HttpStatus);
            await RecordAsync(notification, Outcome(name, notification, WebhookDelivery.Delivered, attempt, result), cancellationToken);
            return;
        }
        if (result.Retryable && attempt < settings.MaxAttempts)
        {
            var delay = settings.DelayBefore(attempt + 1);
            logger.LogWarning("Notifying {Webhook} of {Upload} {Kind} failed (attempt {Attempt} of {Max}: {Error}); trying again in {Delay}",
                name, notification.Upload, notification.Kind, attempt, settings.MaxAttempts, result.Error, delay);
            await queue.SendAsync((message with { Attempts = attempt }).ToJson(), delay, cancellationToken);
            return;
        }
        logger.LogError("Notifying {Webhook} of {Upload} {Kind} failed after {Attempt} attempt(s): {Error}", name, notification.Upload, notification.Kind, attempt, result.Error);
        await RecordAsync(notification, Outcome(name, notification, WebhookDelivery.Failed, attempt, result), cancellationToken);
    }

    /// <summary>
    /// The local host's stand-in for the queue trigger: handles every visible message (a batch at a time, in parallel,
    /// so one slow endpoint does not hold up the others) and deletes each one handled. Returns how many it handled.
    /// </summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        // No webhooks: no queue traffic at all (anything queued under an earlier configuration waits).
        if (options.Value.Webhooks.Count == 0) return 0;
        var handled = 0;
        var invisibleFor = options.Value.Timeout * 2 + TimeSpan.FromSeconds(30);
        while (true)
        {
            var messages = await queue.ReceiveAsync(16, invisibleFor, cancellationToken);
            if (messages.Length == 0) return handled;
            await Task.WhenAll(messages.Select(async message =>
            {
                if (message.DequeueCount > MaxDequeueCount)
                {
                    logger.LogError("Dropping notifications message {Id}: received {Count} times without being handled", message.MessageId, message.DequeueCount);
                }
                else
                {
                    await HandleAsync(message.Body.ToString(), cancellationToken);
                }
                await queue.DeleteAsync(message, cancellationToken);
                Interlocked.Increment(ref handled);
            }));
        }
    }

    public void Dispose() => _http.Dispose();

    private static (int Index, WebhookOptions Webhook)? Find(NotificationOptions settings, OutboxMessage message)
    {
        var webhooks = settings.Webhooks;
        if (message.Webhook >= 0 && message.Webhook < webhooks.Count && OutboxMessage.FingerprintOf(webhooks[message.Webhook]) == message.Fingerprint)
        {
            return (message.Webhook, webhooks[message.Webhook]);
        }
        // The list changed since the event was queued: the same URL elsewhere in it still gets the event.
        var moved = webhooks.FindIndex(w => OutboxMessage.FingerprintOf(w) == message.Fingerprint);
        return moved >= 0 ? (moved, webhooks[moved]) : null;
    }

    private async Task<AttemptResult> SendAsync(WebhookOptions webhook, NotificationEvent notification, CancellationToken cancellationToken)
    {
        if (!WebhookRequest.IsAllowed(webhook.Url)) return new(false, null, "not an https URL: refused", Retryable: false);
        var timeoutAfter = options.Value.Timeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutAfter);
        try
        {
            using var request = WebhookRequest.Create(webhook, notification, time.GetUtcNow(), _site);
            // Headers first: the answer is read by hand, and only its start (an endless answer never holds the attempt up).
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                return new(false, status, $"HTTP {status}: redirect not followed", Retryable: false);
            }
            if (!response.IsSuccessStatusCode)
            {
                return new(false, status, $"HTTP {status}", Retryable: status >= 500 || status is 408 or 429);
            }
            if (webhook.Format is WebhookFormat.WeCom or WebhookFormat.DingTalk && RobotError(await ReadStartAsync(response, timeout.Token)) is var (error, retryable))
            {
                return new(false, status, error, retryable);
            }
            return new(true, status, null, Retryable: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, $"no answer within {timeoutAfter.TotalSeconds:0.#} s", Retryable: true);
        }
        catch (HttpRequestException ex)
        {
            return new(false, (int?)ex.StatusCode, StorageErrors.Summary(ex), Retryable: true);
        }
    }

    /// <summary>At most <see cref="MaxResponseBytes"/> of the answer, as UTF-8 text.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0) filled += read;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
    }

    /// <summary>
    /// 企业微信 and 钉钉 answer HTTP 200 with <c>{"errcode":0,"errmsg":"ok"}</c>; anything else in errcode is a failure, retried
    /// only when it is one of <see cref="RetryableRobotErrors"/>.
    /// </summary>
    private static (string Error, bool Retryable)? RobotError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code)
                && code.TryGetInt32(out var errcode) && errcode != 0)
            {
                var text = json.RootElement.TryGetProperty("errmsg", out var message) ? message.ToString() : "";
                return ($"errcode {errcode} {text}".Trim(), RetryableRobotErrors.Contains(errcode));
            }
            return null;
        }
        catch (JsonException)
        {
            return null; // not the robot's JSON (or more of it than is read): HTTP 2xx is all we can go by
        }
    }

    private WebhookDelivery Outcome(string name, NotificationEvent notification, string outcome, int attempts, AttemptResult result) => new()
    {
        Webhook = name,
        Kind = notification.Kind,
        Outcome = outcome,
        Attempts = attempts,
        HttpStatus = result.HttpStatus,
        Error = result.Error,
        At = time.GetUtcNow(),
    };

    private async Task RecordAsync(NotificationEvent notification, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        if (!await log.RecordAsync(notification, delivery, cancellationToken))
        {
            logger.LogInformation("Status record of {Upload} is gone or newer than the {Kind} event; delivery outcome not recorded", notification.Upload, notification.Kind);
        }
    }

    private sealed record AttemptResult(bool Delivered, int? HttpStatus, string? Error, bool Retryable);
}
