using System.Globalization;
using System.Text;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>A character of the document that the font it would be drawn in lacks (it would print as a blank box), and the text it is in.</summary>
public sealed record MissingGlyph(Rune Character, string Text)
{
    /// <summary>The code point as written in Unicode charts, e.g. <c>U+1F600</c>.</summary>
    public string CodePoint => "U+" + Character.Value.ToString("X4", CultureInfo.InvariantCulture);
}
