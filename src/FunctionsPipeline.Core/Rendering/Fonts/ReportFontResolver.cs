using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>
/// The one PDFsharp font resolver of the process (PDFsharp allows setting it only once). Each
/// font file is registered under its own family name and read from disk once per process.
/// Never falls back to system fonts.
/// </summary>
internal sealed class ReportFontResolver : IFontResolver
{
    private static readonly Lock InstallLock = new();
    private static ReportFontResolver? installed;

    private readonly ConcurrentDictionary<string, Func<byte[]>> loadersByFamily = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> bytesByFamily = new(StringComparer.Ordinal);

    private ReportFontResolver()
    {
    }

    public static ReportFontResolver Instance
    {
        get
        {
            lock (InstallLock)
            {
                if (installed is not null) return installed;
                if (GlobalFontSettings.FontResolver is not null and not ReportFontResolver)
                    throw new InvalidOperationException("Another PDFsharp font resolver is already installed in this process.");
                installed = new ReportFontResolver();
                GlobalFontSettings.FontResolver = installed;
                return installed;
            }
        }
    }

    /// <summary>Registers a font file and returns the family name to create XFonts with.</summary>
    public string Register(string fontFile)
    {
        var path = Path.GetFullPath(fontFile);
        var family = "FP-" + Path.GetFileNameWithoutExtension(path) + "-" + StableHash(path);
        loadersByFamily.TryAdd(family, () => File.ReadAllBytes(path));
        return family;
    }

    /// <summary>
    /// Registers the font file with only the outlines of <paramref name="codePoints"/> (see <see cref="ReducedFont"/>),
    /// as a family of its own. Each character set adds a font to PDFsharp's process-wide cache: for one-document processes.
    /// </summary>
    public string RegisterReduced(string fontFile, IReadOnlySet<int> codePoints)
    {
        var path = Path.GetFullPath(fontFile);
        var family = "FP-" + Path.GetFileNameWithoutExtension(path) + "-" + StableHash(path) + "-" + StableHash(string.Join(',', codePoints.Order()));
        loadersByFamily.TryAdd(family, () => ReducedFont.Read(path, codePoints));
        return family;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        loadersByFamily.ContainsKey(familyName) ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) =>
        loadersByFamily.TryGetValue(faceName, out var load)
            ? bytesByFamily.GetOrAdd(faceName, _ => new Lazy<byte[]>(load)).Value
            : null;

    private static string StableHash(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash, 0, 4);
    }
}
