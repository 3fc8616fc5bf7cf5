using System.Text;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>A character outside the set a reduced font was loaded for: a bug in the character set, never a blank glyph.</summary>
internal sealed class GlyphsNotLoadedException(Rune character)
    : Exception($"U+{character.Value:X4} is drawn but is not among the characters the reduced fonts were loaded for.");
