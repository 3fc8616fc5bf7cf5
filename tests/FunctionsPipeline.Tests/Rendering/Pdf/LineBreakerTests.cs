using FunctionsPipeline.Core.Rendering.Layout;

namespace FunctionsPipeline.Tests.Rendering.Pdf;

public class LineBreakerTests
{
    // A fixed-pitch measure: Chinese characters and full-width punctuation 1, ASCII 0.5.
    private static double Measure(string text) => text.Sum(c => c < 0x80 ? 0.5 : 1.0);

    private static IReadOnlyList<string> Break(string text, double width, double indent = 0) =>
        LineBreaker.Break(text, width, Measure, indent);

    [Fact]
    public void Breaks_between_any_two_Chinese_characters_when_a_line_is_full()
    {
        Assert.Equal(["政府信息", "公开工作", "年度报告"], Break("政府信息公开工作年度报告", 4));
    }

    [Fact]
    public void Never_starts_a_line_with_closing_punctuation()
    {
        var lines = Break("本年度没有收到申请。依法依规做好工作，提高质量。", 9);
        Assert.All(lines.Skip(1), line => Assert.DoesNotContain(line[0], LineBreaker.ClosingPunctuation));
        // "申请。" does not fit in the first line: the full stop takes "请" with it rather than start a line.
        Assert.Equal("本年度没有收到申", lines[0]);
        Assert.StartsWith("请。", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("甲乙丙丁戊己庚辛）")]
    [InlineData("甲乙丙丁戊己庚辛”")]
    [InlineData("甲乙丙丁戊己庚辛……")]
    [InlineData("甲乙丙丁戊己庚辛——")]
    [InlineData("甲乙丙丁戊己庚辛％")]
    public void Keeps_closing_punctuation_and_dashes_with_the_character_before_them(string text)
    {
        var lines = Break(text, 8);
        Assert.Equal(2, lines.Count);
        Assert.Equal("辛", lines[1][..1]);
        Assert.Equal(text, string.Concat(lines));
    }

    [Fact]
    public void Never_ends_a_line_with_opening_punctuation()
    {
        var lines = Break("甲乙丙丁戊己庚《条例》第五十条", 8);
        Assert.All(lines, line => Assert.DoesNotContain(line[^1], LineBreaker.OpeningPunctuation));
        Assert.Equal("《条例》第五十条", lines[1]);
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("12,345")]
    [InlineData("3.5")]
    [InlineData("www.gov.cn")]
    [InlineData("0632-8511104")]
    public void Keeps_numbers_and_Latin_words_whole(string word)
    {
        var text = "甲乙丙丁戊己" + word + "年以来";
        var lines = Break(text, 7);
        Assert.Single(lines, line => line.Contains(word, StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(lines));
    }

    [Fact]
    public void Breaks_Latin_text_at_spaces_and_drops_the_space_at_the_break()
    {
        Assert.Equal(["open government", "information"], Break("open government information", 8));
    }

    [Fact]
    public void Reserves_the_first_line_indent()
    {
        var lines = Break("一二三四五六七八九十", 6, indent: 2);
        Assert.Equal(["一二三四", "五六七八九十"], lines);
    }

    [Fact]
    public void Cuts_a_word_longer_than_a_line_by_characters()
    {
        var lines = Break("http://www.example.gov.cn/path", 5);
        Assert.All(lines, line => Assert.True(Measure(line) <= 5));
        Assert.Equal("http://www.example.gov.cn/path", string.Concat(lines));
    }

    [Fact]
    public void Fills_each_line_as_far_as_it_can()
    {
        var text = "为政务公开及信息公开筑牢根基，保障落实到位。同时，常态化开展信息安全审查，严格依循《保密法》，严守公开前保密审查流程。";
        var lines = Break(text, 10, indent: 2);
        Assert.Equal(text, string.Concat(lines));
        Assert.All(lines, line => Assert.True(Measure(line) <= 10));
        // A line is never short by more than the one piece that did not fit (at most three glued characters here).
        Assert.All(lines.SkipLast(1).Skip(1), line => Assert.True(Measure(line) >= 8, line));
    }

    [Fact]
    public void Gives_no_lines_for_blank_text()
    {
        Assert.Empty(Break("   ", 10));
    }
}
