using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionsPipeline.Core.Notifications;

/// <summary>
/// The HTTP request one webhook receives for one event, in its format, signed.
/// <para>
/// Generic: the event as JSON, and with a secret the headers <c>X-FunctionsPipeline-Timestamp: &lt;unix seconds&gt;</c>
/// and <c>X-FunctionsPipeline-Signature: sha256=&lt;hex&gt;</c>, the lower-case hex HMAC-SHA256, keyed with the secret
/// (UTF-8), of <c>"&lt;timestamp&gt;." + body</c> (the raw body bytes). A receiver recomputes it, compares in constant
/// time, and refuses timestamps older than a few minutes (replays). Every format also gets <c>X-FunctionsPipeline-Event</c>
/// (the kind) and <c>X-FunctionsPipeline-Delivery</c> (the event id, the same on every retry).
/// </para>
/// <para>
/// WeCom and DingTalk: <c>{"msgtype":"text","text":{"content":"&lt;one-line Chinese summary with links&gt;"}}</c>.
/// DingTalk with a secret (加签): <c>&amp;timestamp=&lt;ms&gt;&amp;sign=&lt;url-encoded base64 HMAC-SHA256 of "timestamp\nsecret", keyed with the secret&gt;</c>
/// is appended to the URL. WeCom has no signing (its key is in the URL).
/// </para>
/// </summary>
public static class WebhookRequest
{
    public const string SignatureHeader = "X-FunctionsPipeline-Signature";
    public const string TimestampHeader = "X-FunctionsPipeline-Timestamp";
    public const string EventHeader = "X-FunctionsPipeline-Event";
    public const string DeliveryHeader = "X-FunctionsPipeline-Delivery";

    /// <summary>Compact camelCase JSON with readable Chinese (the body is sent as UTF-8).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="site">The public site's base URL: chat messages link only there (<see cref="NotificationEvent.Summary"/>).</param>
    public static HttpRequestMessage Create(WebhookOptions webhook, NotificationEvent notification, DateTimeOffset now, Uri? site = null)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(notification);
        var body = Body(webhook.Format, notification, site);
        var url = webhook.Format == WebhookFormat.DingTalk && !string.IsNullOrEmpty(webhook.Secret)
            ? DingTalkSignedUrl(webhook.Url, webhook.Secret, now)
            : webhook.Url;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventHeader, notification.Kind);
        request.Headers.Add(DeliveryHeader, notification.Id);
        if (webhook.Format == WebhookFormat.Generic && !string.IsNullOrEmpty(webhook.Secret))
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, Signature(webhook.Secret, timestamp, body));
        }
        return request;
    }

    /// <summary>The body in the webhook's format, as UTF-8.</summary>
    public static byte[] Body(WebhookFormat format, NotificationEvent notification, Uri? site = null) => format switch
    {
        WebhookFormat.WeCom or WebhookFormat.DingTalk =>
            JsonSerializer.SerializeToUtf8Bytes(new { msgtype = "text", text = new { content = notification.Summary(site) } }, Json),
        _ => JsonSerializer.SerializeToUtf8Bytes(notification, Json),
    };

    /// <summary><c>sha256=</c> + lower-case hex HMAC-SHA256(secret, timestamp + "." + body).</summary>
    public static string Signature(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>钉钉 加签: the URL plus <c>timestamp</c> (ms) and <c>sign</c>.</summary>
    public static string DingTalkSignedUrl(string url, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    /// <summary>
    /// Whether a webhook may be called: an absolute <c>https</c> URL. Plain <c>http</c> only to a loopback address (a
    /// receiver on the same machine, as <c>fp serve</c> and the tests use); anywhere else it would carry the event, and
    /// 企业微信's key in the URL, in clear text.
    /// </summary>
    public static bool IsAllowed(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>How status records and logs name a webhook: its name, else its number and host (never the URL, which may carry a key).</summary>
    public static string DisplayName(WebhookOptions webhook, int index) =>
        !string.IsNullOrWhiteSpace(webhook.Name) ? webhook.Name!
            : Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) ? $"#{index + 1} {uri.Host}" : $"#{index + 1}";
}
