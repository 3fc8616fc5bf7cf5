using System.Diagnostics;
using System.Xml.Linq;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Apache PDFBox Preflight, a PDF/A-1b validator (Debian <c>libpdfbox2-java</c>, run on a Java runtime
/// with <c>libactivation-java</c> and <c>libjaxb-api-java</c>, which the package does not declare).
/// Runs <c>Validator_A1b xml FILE</c> and reads its XML report. Fails with the install command if a
/// part is missing; it never silently passes.
/// </summary>
public static class Preflight
{
    public const string JavaLibrary = "/usr/share/java";

    private const string ValidatorClass = "org.apache.pdfbox.preflight.Validator_A1b";

    private static readonly string[] Jars =
        ["preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar"];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Validates PDF bytes (written to a temporary file).</summary>
    public static async Task<PreflightResult> ValidateAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"fp-preflight-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            return await ValidateFileAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static Task<PreflightResult> ValidateFileAsync(string pdfFile) => ValidateFileAsync(pdfFile, Timeout);

    /// <summary>
    /// Validates a file; a run longer than <paramref name="timeout"/> is killed (with any child) and reported as a
    /// <see cref="TimeoutException"/>. <paramref name="started"/> gets the java process id (for a test to see it gone).
    /// </summary>
    public static async Task<PreflightResult> ValidateFileAsync(string pdfFile, TimeSpan timeout, Action<int>? started = null)
    {
        var missing = Jars.Select(j => Path.Combine(JavaLibrary, j)).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"PDFBox Preflight is not installed ({string.Join(", ", missing)} missing): apt-get install -y libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless");

        var start = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-cp", string.Join(':', Jars.Select(j => Path.Combine(JavaLibrary, j))), ValidatorClass, "xml", Path.GetFullPath(pdfFile) })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"no Java runtime ({e.Message}): apt-get install -y default-jre-headless", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            started?.Invoke(process.Id);
            using (var deadline = new CancellationTokenSource(timeout))
            {
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    throw new TimeoutException($"Preflight (java, pid {process.Id}) did not finish within {timeout}; killed");
                }
            }
            var xml = await stdout;
            var at = xml.IndexOf("<?xml", StringComparison.Ordinal);
            if (at < 0)
                throw new InvalidOperationException($"Preflight printed no XML report (exit {process.ExitCode}):\n{xml}\n{await stderr}");
            return PreflightResult.Parse(xml[at..]);
        }
    }
}

/// <summary>Preflight's verdict and every error it listed as "code: details".</summary>
public sealed record PreflightResult(bool IsValid, IReadOnlyList<string> Errors)
{
    public static PreflightResult Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new FormatException("empty Preflight report");
        var valid = string.Equals(root.Element("isValid")?.Value.Trim(), "true", StringComparison.Ordinal);
        var errors = root.Descendants("error")
            .Select(e => $"{e.Element("code")?.Value.Trim()}: {e.Element("details")?.Value.Trim()}")
            .ToList();
        return new PreflightResult(valid, errors);
    }

    /// <summary>For assertion messages: the verdict and each error on its own line.</summary>
    public override string ToString() =>
        (IsValid ? "valid PDF/A-1b" : "not valid PDF/A-1b") + (Errors.Count == 0 ? "" : ":\n  " + string.Join("\n  ", Errors));
}
