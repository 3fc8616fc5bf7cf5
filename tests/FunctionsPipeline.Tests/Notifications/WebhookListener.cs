using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Notifications;

/// <summary>
/// A real HTTP endpoint on loopback (HttpListener) that records every request and answers as told: by default 200
/// with <c>{"errcode":0,"errmsg":"ok"}</c> (what 企业微信 and 钉钉 robots answer); <see cref="Answer"/> decides per request.
/// </summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private WebhookListener(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Given the request's number (1, 2, …) and the request: the status code and body to answer.</summary>
    public Func<int, ReceivedRequest, (int Status, string Body)> Answer { get; set; } = (_, _) => (200, """{"errcode":0,"errmsg":"ok"}""");

    /// <summary>A <c>Location</c> header to send with the answer (a redirect), or null.</summary>
    public string? Location { get; set; }

    /// <summary>After the body, keep sending spaces until the client goes away (an answer that never ends).</summary>
    public bool Endless { get; set; }

    public static WebhookListener Start() => new(FreePort.OnLoopback());

    private async Task LoopAsync()
    {
        var count = 0;
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!, new NameValueCollection(context.Request.Headers),
                body.ToArray(), context.Request.ContentType, DateTime.UtcNow);
            Requests.Enqueue(request);
            var (status, text) = Answer(Interlocked.Increment(ref count), request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            if (Location is { } location) context.Response.RedirectLocation = location;
            var bytes = Encoding.UTF8.GetBytes(text);
            if (Endless)
            {
                // On its own task, so the loop still takes the next request.
                _ = Task.Run(async () =>
                {
                    var spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                    try
                    {
                        await context.Response.OutputStream.WriteAsync(bytes);
                        for (var i = 0; i < 20_000; i++) await context.Response.OutputStream.WriteAsync(spaces);
                    }
                    catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
                    {
                        // the client stopped reading: what it should do
                    }
                    try { context.Response.Abort(); } catch (ObjectDisposedException) { }
                });
                continue;
            }
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

internal sealed record ReceivedRequest(string Method, Uri Url, NameValueCollection Headers, byte[] Body, string? ContentType, DateTime At)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
