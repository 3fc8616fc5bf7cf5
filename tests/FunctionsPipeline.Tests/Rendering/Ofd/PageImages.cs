using System.Diagnostics;
using System.Globalization;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.Rendering.Ofd;

/// <summary>
/// A4 pages as images at 4 pixels per millimetre (840×1188): an OFD drawn by the <c>ofd.js</c> viewer (npm, pinned in
/// package.json) in headless Chromium, and a PDF drawn by poppler's <c>pdftoppm</c>. Nothing is downloaded: ofd.js
/// loads from node_modules through a file:// page, and the OFD goes in as a script file beside it.
/// </summary>
internal static class PageImages
{
    /// <summary>ofd.js scales a page to (screen width − 10) / page width in mm, rounded to 0.1: 850 → 4.0 px/mm.</summary>
    public const int PixelsPerMillimetre = 4;
    public const int Width = 210 * PixelsPerMillimetre;
    public const int Height = 297 * PixelsPerMillimetre;
    private const int ViewerScreenWidth = Width + 10;

    /// <summary>Pages side by side in one screenshot, this many to a row (one Chromium run per document).</summary>
    private const int Columns = 5;

    /// <summary>node_modules/ofd.js/lib/ofd.umd.min.js: the self-contained browser bundle of ofd.js 0.2.6.</summary>
    public static string ViewerScript { get; } = FindViewer();

    /// <summary>Each page of <paramref name="ofd"/> as ofd.js draws it.</summary>
    public static async Task<IReadOnlyList<InkImage>> FromOfdAsync(byte[] ofd, int pageCount)
    {
        var folder = Directory.CreateTempSubdirectory("fp-ofd-looks-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ofd-data.js"), $"var ofdBase64 = \"{Convert.ToBase64String(ofd)}\";");
            var page = Path.Combine(folder.FullName, "view.html");
            await File.WriteAllTextAsync(page, ViewerPage(new Uri(ViewerScript).AbsoluteUri));
            var rows = (pageCount + Columns - 1) / Columns;
            var png = Path.Combine(folder.FullName, "pages.png");
            await Chromium.ScreenshotAsync(new Uri(page), png, Columns * Width, rows * Height, virtualTimeBudget: TimeSpan.FromSeconds(30));
            var shot = InkImage.FromPng(await File.ReadAllBytesAsync(png));
            return Enumerable.Range(0, pageCount).Select(i => shot.Crop(i % Columns * Width, i / Columns * Height, Width, Height)).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Each page of <paramref name="pdf"/> as <c>pdftoppm -gray</c> draws it at the same size.</summary>
    public static async Task<IReadOnlyList<InkImage>> FromPdfAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("fp-pdf-looks-");
        try
        {
            var input = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            var info = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "-gray", "-scale-to-x", Width.ToString(CultureInfo.InvariantCulture), "-scale-to-y", Height.ToString(CultureInfo.InvariantCulture),
                         input, Path.Combine(folder.FullName, "page"),
                     })
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start pdftoppm (Debian package poppler-utils)");
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftoppm exited with {process.ExitCode}: {stderr}");
            // page-1.pgm … or page-01.pgm …: the number is padded to the page count's width, so ordinal order is page order.
            return folder.GetFiles("page-*.pgm").OrderBy(f => f.Name.Length).ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => InkImage.FromPgm(File.ReadAllBytes(f.FullName))).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Parses the OFD with ofd.js, draws every page at <see cref="ViewerScreenWidth"/> and places page i at column i mod 5,
    /// row i div 5, each in an 840×1188 cell (ofd.js's own bottom margin removed). On failure the page shows the error.
    /// </summary>
    private static string ViewerPage(string scriptUrl) => $$"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8">
        <style>html, body { margin: 0; background: #fff; } .cell { position: absolute; width: {{Width}}px; height: {{Height}}px; overflow: hidden; }</style>
        </head><body>
        <script src="{{scriptUrl}}"></script>
        <script src="ofd-data.js"></script>
        <script>
        function fail(e) { document.body.textContent = 'ofd.js failed: ' + e; }
        try {
          var bytes = Uint8Array.from(atob(ofdBase64), function (c) { return c.charCodeAt(0); });
          ofd.parseOfdDocument({
            ofd: bytes.buffer,
            success: function (docs) {
              ofd.renderOfd({{ViewerScreenWidth}}, docs[0]).forEach(function (pageDiv, i) {
                var cell = document.createElement('div');
                cell.className = 'cell';
                cell.style.left = (i % {{Columns}} * {{Width}}) + 'px';
                cell.style.top = (Math.floor(i / {{Columns}}) * {{Height}}) + 'px';
                pageDiv.style.margin = '0';
                cell.appendChild(pageDiv);
                document.body.appendChild(cell);
              });
            },
            fail: fail
          });
        } catch (e) { fail(e); }
        </script>
        </body></html>
        """;

    private static string FindViewer()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "ofd.js", "lib", "ofd.umd.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("node_modules/ofd.js not found above the test folder: run `npm ci` in the repository root (ofd.js is pinned in package.json).");
    }
}
