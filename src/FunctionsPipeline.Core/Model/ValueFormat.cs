using System.Globalization;

namespace FunctionsPipeline.Core.Model;

/// <summary>How report values are written wherever they are shown (the document's tables, a correction notice's changes).</summary>
public static class ValueFormat
{
    /// <summary>A count of items: <c>12</c>.</summary>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An amount in 万元 as filled in, to the 分 (six decimals, as validation allows), without trailing zeros: <c>24252.311082</c>.</summary>
    public static string Money(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
