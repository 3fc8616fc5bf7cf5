namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>The three font files a report uses.</summary>
public sealed record FontFiles(string SerifRegular, string SansRegular, string SansBold);
