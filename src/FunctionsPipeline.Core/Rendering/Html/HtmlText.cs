using System.Text;

namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>
/// HTML encoding for text and attribute values. Only the five markup characters are escaped, so
/// Chinese text stays readable in the page source (System.Net.WebUtility would turn rare
/// characters outside the BMP into numeric references).
/// </summary>
public static class HtmlText
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
