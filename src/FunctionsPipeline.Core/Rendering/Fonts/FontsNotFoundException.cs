namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>The font folder or one of the font files in it could not be found.</summary>
public sealed class FontsNotFoundException(string message) : Exception(message);
