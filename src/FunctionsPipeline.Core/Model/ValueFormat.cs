using System.Globalization;

namespace FunctionsPipeline.Core.Model;

/// <summary>How report values are written wherever they are shown (the document's tables, a correction notice's changes).</summary>
public static class ValueFormat
{
    /// <summary>A count of items: <c>12</c>.</summary>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An amount in 万元, without trailing zeros: <c>0.0125</c>.</summary>
    public static string Money(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
