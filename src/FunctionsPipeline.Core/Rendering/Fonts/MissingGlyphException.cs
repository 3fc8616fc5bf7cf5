using System.Globalization;
using System.Text;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>The text holds a character none of the report fonts can draw (it would print as a blank box).</summary>
public sealed class MissingGlyphException : Exception
{
    public MissingGlyphException(Rune character, string fontName)
        : base($"The character '{character}' (U+{character.Value:X4}) is not in the font {fontName}.")
    {
        Character = character;
        FontName = fontName;
    }

    public Rune Character { get; }

    public string FontName { get; }

    /// <summary>The code point as written in Unicode charts, e.g. <c>U+1F600</c>.</summary>
    public string CodePoint => "U+" + Character.Value.ToString("X4", CultureInfo.InvariantCulture);
}
