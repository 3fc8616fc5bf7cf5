using FunctionsPipeline.Core.Validation.Prose;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>The number parser the prose check reads figures with: Arabic digits and Chinese numerals, strictly.</summary>
public sealed class ChineseNumberTests
{
    [Theory]
    [InlineData("十", 10)]
    [InlineData("一十", 10)]
    [InlineData("十五", 15)]
    [InlineData("二十", 20)]
    [InlineData("三十五", 35)]
    [InlineData("一百", 100)]
    [InlineData("两百", 200)]
    [InlineData("一百零三", 103)]
    [InlineData("一百一十五", 115)]
    [InlineData("一千二百三十四", 1234)]
    [InlineData("一千零五十", 1050)]
    [InlineData("两千零五", 2005)]
    [InlineData("一万二千", 12000)]
    [InlineData("一万两千", 12000)]
    [InlineData("一万零五", 10005)]
    [InlineData("三万零五十", 30050)]
    [InlineData("十万", 100000)]
    [InlineData("十五万零三百", 150300)]
    [InlineData("九千九百九十九万九千九百九十九", 99_999_999)]
    [InlineData("一", 1)]
    [InlineData("二", 2)]
    [InlineData("两", 2)]
    [InlineData("九", 9)]
    [InlineData("〇", 0)]
    [InlineData("零", 0)]
    [InlineData("２５", 25)]
    [InlineData("１２８", 128)]
    [InlineData("128", 128)]
    [InlineData("0", 0)]
    [InlineData("999999999", 999_999_999)]
    public void Well_formed_numbers_are_read(string text, long expected)
    {
        Assert.True(ChineseNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("二三")] // two or three
    [InlineData("两三")]
    [InlineData("十一二")] // eleven or twelve
    [InlineData("三四十")]
    [InlineData("十几")]
    [InlineData("几十")]
    [InlineData("一百二")] // 120 said short
    [InlineData("一千五")]
    [InlineData("一万二")]
    [InlineData("一万五百")] // 零 missing
    [InlineData("一千五十")]
    [InlineData("一百零五十")] // 零 without a gap
    [InlineData("一千零零五")]
    [InlineData("一百零")]
    [InlineData("零五")]
    [InlineData("〇〇")]
    [InlineData("百")]
    [InlineData("千")]
    [InlineData("万")]
    [InlineData("百五")]
    [InlineData("十十")]
    [InlineData("一百十五")] // 十 bare only at the start
    [InlineData("一万零十")]
    [InlineData("两十")]
    [InlineData("十两")]
    [InlineData("一百零两")]
    [InlineData("一万万")]
    [InlineData("万一")]
    [InlineData("一亿")]
    [InlineData("二〇二四")] // a year, not a count
    [InlineData("1二")]
    [InlineData("二1")]
    [InlineData("1234567890")] // more than nine digits
    [InlineData("12a")]
    public void Approximate_ambiguous_or_malformed_text_is_not_a_number(string text)
    {
        Assert.False(ChineseNumber.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2024", 2024)]
    [InlineData("２０２３", 2023)]
    [InlineData("二〇二四", 2024)]
    [InlineData("二零二三", 2023)]
    [InlineData("一九九九", 1999)]
    public void Years_are_read_digit_by_digit(string text, int expected)
    {
        Assert.True(ChineseNumber.TryParseYear(text, out var year));
        Assert.Equal(expected, year);
    }

    [Theory]
    [InlineData("二〇二")]
    [InlineData("二〇二四五")]
    [InlineData("两〇二四")]
    [InlineData("二十二四")]
    [InlineData("二〇二x")]
    public void Other_text_is_not_a_year(string text)
    {
        Assert.False(ChineseNumber.TryParseYear(text, out _));
    }
}
