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

    private readonly ConcurrentDictionary<string, string> pathsByFamily = new(StringComparer.Ordinal);
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
        pathsByFamily.TryAdd(family, path);
        return family;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        pathsByFamily.ContainsKey(familyName) ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) =>
        pathsByFamily.TryGetValue(faceName, out var path)
            ? bytesByFamily.GetOrAdd(faceName, _ => new Lazy<byte[]>(() => File.ReadAllBytes(path))).Value
            : null;

    private static string StableHash(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash, 0, 4);
    }
}
