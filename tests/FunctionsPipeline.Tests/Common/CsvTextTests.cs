using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Tests.Common;

/// <summary>The CSV fields the pipeline writes for spreadsheets: RFC 4180 quoting, and no text a spreadsheet would run as a formula.</summary>
public sealed class CsvTextTests
{
    [Theory]
    [InlineData("山亭区西集镇人民政府", "山亭区西集镇人民政府")]
    [InlineData("某局,办公室", "\"某局,办公室\"")]
    [InlineData("“某局”\"办\"", "\"“某局”\"\"办\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"点击\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("", "")]
    public void Text_is_quoted_when_needed_and_never_starts_as_a_formula(string text, string field) =>
        Assert.Equal(field, CsvText.Field(text));

    [Fact]
    public void A_number_is_written_as_it_is() => Assert.Equal("-0.5", CsvText.Field("-0.5", isText: false));
}
