using System.Diagnostics;
using System.Text;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// The page checks every HTML surface gets: axe-core (serious and critical) in a real Chromium, no sideways scrolling at
/// 390 px, screenshots at 1280 and 390 px (to FP_SCREENSHOTS or a temp folder) and html-validate (recommended rules).
/// </summary>
internal static class PageChecks
{
    /// <summary>axe-core in Chromium at 1280 px, the page's width at 390 px, screenshots at both, html-validate on the files as stored.</summary>
    public static async Task<List<string>> CheckAsync(IReadOnlyList<(string Kind, Uri Url)> kinds, string folder, Action<string> log)
    {
        var shots = Environment.GetEnvironmentVariable("FP_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(folder, "shots");
        var axeSource = await File.ReadAllTextAsync(Path.Combine(NodeModules(), "axe-core", "axe.min.js"));
        var problems = new List<string>();
        await using (var tab = await ChromiumPage.OpenAsync())
        {
            foreach (var (kind, url) in kinds)
            {
                await tab.SetWidthAsync(1280);
                await tab.NavigateAsync(url);
                await tab.EvaluateAsync(axeSource + ";true");
                var violations = (await tab.EvaluateAsync("""
                    axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))
                    """))!.AsArray();
                problems.AddRange(violations.Select(v => $"axe {kind}: {v}"));
                await tab.ScreenshotAsync(Path.Combine(shots, $"{kind}-1280.png"));
                await tab.SetWidthAsync(390, 844);
                await tab.NavigateAsync(url);
                var overflow = (await tab.EvaluateAsync("document.documentElement.scrollWidth"))!.GetValue<double>();
                if (overflow > 390) problems.Add($"layout {kind}: the page is {overflow}px wide at 390px (sideways scrolling)");
                await tab.ScreenshotAsync(Path.Combine(shots, $"{kind}-390.png"));
            }
        }
        log($"screenshots: {shots}");

        // html-validate on the files as stored (the browser's DOM would hide markup errors).
        var files = new List<string>();
        foreach (var (kind, url) in kinds)
        {
            var path = Path.Combine(folder, $"{kind}.html");
            if (url.IsFile) path = url.LocalPath;
            else await File.WriteAllTextAsync(path, await new HttpClient().GetStringAsync(url));
            files.Add(path);
        }
        var config = Path.Combine(folder, "htmlvalidate.json");
        await File.WriteAllTextAsync(config, """{ "extends": ["html-validate:recommended"] }""");
        var (exit, report) = await RunNodeAsync([Path.Combine(NodeModules(), "html-validate", "bin", "html-validate.mjs"), "--config", config, "--formatter", "text", .. files]);
        if (exit != 0) problems.Add("html-validate:\n" + report);

        return problems;
    }

    private static async Task<(int Exit, string Output)> RunNodeAsync(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string NodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules");
            if (File.Exists(Path.Combine(candidate, "axe-core", "axe.min.js"))) return candidate;
        }
        throw new InvalidOperationException("node_modules with axe-core not found above the test folder: run npm ci");
    }
}
