namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>Finds the Noto SC TrueType files: the configured folder, else the app's <c>fonts</c> folder, else node_modules.</summary>
public static class FontLocator
{
    public const string SerifRegularFile = "NotoSerifSC_400Regular.ttf";
    public const string SansRegularFile = "NotoSansSC_400Regular.ttf";
    public const string SansBoldFile = "NotoSansSC_700Bold.ttf";

    private static readonly string[] NodeModulesFolder = ["node_modules", "@expo-google-fonts"];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FontFiles> Located = new(StringComparer.Ordinal);

    /// <summary>The font files for these options; looked up on disk once per folder setting.</summary>
    public static FontFiles Locate(FontOptions options)
    {
        if (Located.TryGetValue(options.FontFolder ?? "", out var known)) return known;
        var files = Search(options);
        Located[options.FontFolder ?? ""] = files;
        return files;
    }

    private static FontFiles Search(FontOptions options)
    {
        var folder = options.FontFolder ?? DefaultFolder()
            ?? throw new FontsNotFoundException(
                "No font folder: set FontOptions.FontFolder, put the fonts in 'fonts' beside the application, " +
                "or run 'npm ci' so node_modules/@expo-google-fonts exists.");
        if (!Directory.Exists(folder)) throw new FontsNotFoundException($"Font folder '{folder}' does not exist.");
        return new FontFiles(Find(folder, SerifRegularFile), Find(folder, SansRegularFile), Find(folder, SansBoldFile));
    }

    private static string Find(string folder, string fileName)
    {
        var path = Directory.EnumerateFiles(folder, fileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 })
            .Order(StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new FontsNotFoundException($"Font file '{fileName}' not found under '{folder}'.");
        // Only single-face TrueType: PDFsharp embeds OTF/CFF fonts whole (tens of MB) and cannot read .ttc collections.
        Span<byte> version = stackalloc byte[4];
        using (var file = File.OpenRead(path))
        {
            if (file.ReadAtLeast(version, 4, throwOnEndOfStream: false) < 4 || !version.SequenceEqual((ReadOnlySpan<byte>)[0, 1, 0, 0]))
                throw new FontsNotFoundException($"'{path}' is not a single TrueType font (OTF/CFF and .ttc are not supported).");
        }
        return path;
    }

    private static string? DefaultFolder()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "fonts");
        if (Directory.Exists(published)) return published;
        return FindUpwards(AppContext.BaseDirectory) ?? FindUpwards(Directory.GetCurrentDirectory());
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. NodeModulesFolder]);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
