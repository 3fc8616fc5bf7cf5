using System.Diagnostics;
using System.Text;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>) for page tests: the DOM as the browser built
/// it, and screenshots. Each run gets its own profile folder; Chinese text is drawn with the
/// Noto Sans SC and Noto Serif SC fonts from node_modules so screenshots are legible without system
/// CJK fonts, and the Windows names SimSun/宋体 and SimHei/黑体 (what OFD viewers ask for) map to them.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<string> DumpDomAsync(Uri url, int width = 1280, int height = 900)
    {
        var (stdout, _) = await RunAsync(["--dump-dom", $"--window-size={width},{height}", url.AbsoluteUri]);
        return stdout;
    }

    /// <param name="virtualTimeBudget">For pages that draw from script after loading: the screenshot is taken once the page
    /// has run this much virtual time (which only advances while the page is idle), so asynchronous drawing has finished.</param>
    public static async Task ScreenshotAsync(Uri url, string pngPath, int width, int height, TimeSpan? virtualTimeBudget = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        File.Delete(pngPath);
        List<string> args = [$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars"];
        if (virtualTimeBudget is { } budget) args.Add($"--virtual-time-budget={(long)budget.TotalMilliseconds}");
        args.Add(url.AbsoluteUri);
        await RunAsync(args);
        if (!File.Exists(pngPath)) throw new InvalidOperationException($"Chromium wrote no screenshot to {pngPath}");
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} not found: install the Debian package `chromium` (apt-get install -y chromium).");
        var profile = Directory.CreateTempSubdirectory("fp-chromium-");
        try
        {
            var info = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                     })
            {
                info.ArgumentList.Add(arg);
            }
            foreach (var arg in args) info.ArgumentList.Add(arg);
            if (FontConfigFile() is { } fonts) info.Environment["FONTCONFIG_FILE"] = fonts;

            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start chromium");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {DefaultTimeout}: {string.Join(' ', args)}");
            }
            var output = (await stdout, await stderr);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {output.Item2}");
            return output;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* a helper process may still hold a file */ }
        }
    }

    private static readonly Lazy<string?> FontConfig = new(WriteFontConfig);

    internal static string? FontConfigFile() => FontConfig.Value;

    /// <summary>
    /// A fontconfig file adding node_modules' Noto Sans SC (regular and bold) and Noto Serif SC (regular) to the system
    /// fonts, with SimSun/宋体 → Noto Serif SC and SimHei/黑体 → Noto Sans SC (ofd.js asks for those names).
    /// </summary>
    private static string? WriteFontConfig()
    {
        string? fonts = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && fonts is null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "@expo-google-fonts", "noto-sans-sc");
            if (Directory.Exists(candidate)) fonts = candidate;
        }
        if (fonts is null) return null;
        var serif = Path.Combine(Path.GetDirectoryName(fonts)!, "noto-serif-sc", "400Regular");
        // One folder per checkout: test runs of other checkouts write their own file and never swap it under this one.
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(fonts)))[..12];
        var folder = Path.Combine(Path.GetTempPath(), "fp-chromium-fonts", checkout);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "fonts.conf");
        File.WriteAllText(file, $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
              <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
              <dir>{Path.Combine(fonts, "400Regular")}</dir>
              <dir>{Path.Combine(fonts, "700Bold")}</dir>
              <dir>{serif}</dir>
              <cachedir>{Path.Combine(folder, "cache")}</cachedir>
              <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif SC</family></prefer></alias>
              <alias binding="same"><family>宋体</family><prefer><family>Noto Serif SC</family></prefer></alias>
              <alias binding="same"><family>SimHei</family><prefer><family>Noto Sans SC</family></prefer></alias>
              <alias binding="same"><family>黑体</family><prefer><family>Noto Sans SC</family></prefer></alias>
            </fontconfig>
            """);
        return file;
    }
}
