using FunctionsPipeline.Core.Model;

namespace FunctionsPipeline.Tests.Model;

public sealed class ValueFormatTests
{
    [Theory]
    [InlineData("24252.311082", "24252.311082")]   // a real report's fee, to the 分: published as filled in, not rounded
    [InlineData("5949.088667", "5949.088667")]
    [InlineData("0.0125", "0.0125")]
    [InlineData("3.50", "3.5")]
    [InlineData("0", "0")]
    public void Money_is_shown_as_filled_in_to_six_decimals_without_trailing_zeros(string value, string shown) =>
        Assert.Equal(shown, ValueFormat.Money(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
