using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// One headless Chromium tab driven over the DevTools protocol (a WebSocket to the browser's own debugging port on
/// 127.0.0.1): navigate, type into a field as a keyboard would (Input.insertText fires the input events), run script
/// in the page (axe-core), turn scripting off, and take full-page screenshots at a given width.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _send = new(1, 1);
    private int _nextId;

    private ChromiumPage(Process process, DirectoryInfo profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<ChromiumPage> OpenAsync(int width = 1280, int height = 900)
    {
        if (!File.Exists(Chromium.ExecutablePath)) throw new InvalidOperationException($"{Chromium.ExecutablePath} not found: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("fp-chromium-cdp-");
        var info = new ProcessStartInfo(Chromium.ExecutablePath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}",
                     $"--window-size={width},{height}", "about:blank",
                 })
        {
            info.ArgumentList.Add(arg);
        }
        if (Chromium.FontConfigFile() is { } fonts) info.Environment["FONTCONFIG_FILE"] = fonts;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start chromium");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + CommandTimeout;
            while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 1)
            {
                if (DateTime.UtcNow > deadline || process.HasExited) throw new InvalidOperationException("chromium did not open its DevTools port");
                await Task.Delay(50);
            }
            var port = int.Parse(File.ReadAllLines(portFile)[0], System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            var tab = new ChromiumPage(process, profile, socket);
            await tab.SendAsync("Page.enable");
            await tab.SetWidthAsync(width, height);
            return tab;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public Task SetWidthAsync(int width, int height = 900) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600 });

    public Task SetScriptingAsync(bool enabled) =>
        SendAsync("Emulation.setScriptExecutionDisabled", new JsonObject { ["value"] = !enabled });

    /// <summary>Opens the page and waits until it has loaded (readyState complete).</summary>
    public async Task NavigateAsync(Uri url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        await WaitForAsync("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// <summary>Evaluates an expression in the page (awaiting a promise); returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"page script failed: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>Polls <paramref name="condition"/> (a script expression) until it is true.</summary>
    public async Task WaitForAsync(string condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                if (await EvaluateAsync($"!!({condition})") is JsonValue v && v.GetValue<bool>()) return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // The page is navigating: its context is gone for a moment.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page never satisfied: {condition}");
            await Task.Delay(50);
        }
    }

    /// <summary>Focuses the element and types the text into it as keyboard input (composition-free, like an IME committing).</summary>
    public async Task TypeAsync(string selector, string text)
    {
        await EvaluateAsync($"(() => {{ const e = document.querySelector({JsonSerializer.Serialize(selector)}); e.focus(); e.select && e.select(); }})()");
        await SendAsync("Input.insertText", new JsonObject { ["text"] = text });
    }

    /// <summary>Clicks the element as a mouse would (press and release at its centre), as a person submitting a form does.</summary>
    public async Task ClickAsync(string selector)
    {
        var target = JsonSerializer.Serialize(selector);
        var box = (await EvaluateAsync("(() => { const e = document.querySelector(" + target + "); e.scrollIntoView({block: 'center'}); " +
                                       "const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"))!.AsArray();
        var (x, y) = (box[0]!.GetValue<double>(), box[1]!.GetValue<double>());
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject { ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = "left", ["clickCount"] = 1 });
        }
    }

    /// <summary>A PNG of the whole page at the current width.</summary>
    public async Task ScreenshotAsync(string pngPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["scale"] = 1,
                ["width"] = (await EvaluateAsync("document.documentElement.scrollWidth"))!.GetValue<double>(),
                ["height"] = Math.Min(8000, (await EvaluateAsync("document.documentElement.scrollHeight"))!.GetValue<double>()),
            } });
        await File.WriteAllBytesAsync(pngPath, Convert.FromBase64String((string)result["data"]!));
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await _send.WaitAsync(timeout.Token);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
            // One command at a time: read until its answer, skipping events.
            while (true)
            {
                var reply = JsonNode.Parse(await ReceiveAsync(timeout.Token))!.AsObject();
                if (reply["id"] is null || (int)reply["id"]! != id) continue;
                if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                return reply["result"]!.AsObject();
            }
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var part = await _socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, part.Count);
            if (part.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { _profile.Delete(recursive: true); } catch (IOException) { /* a helper process may still hold a file */ }
    }
}
