namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>Where the PDF renderer finds its TrueType fonts.</summary>
public sealed class FontOptions
{
    public const string SectionName = "Fonts";

    /// <summary>
    /// A folder holding (at any depth) NotoSerifSC_400Regular.ttf, NotoSansSC_400Regular.ttf and
    /// NotoSansSC_700Bold.ttf. Null: <c>fonts</c> beside the application, else the nearest
    /// <c>node_modules/@expo-google-fonts</c> above the application or the current directory.
    /// </summary>
    public string? FontFolder { get; set; }
}
