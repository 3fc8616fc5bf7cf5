using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Uploads;

public sealed class ResultNamesTests
{
    [Theory]
    [InlineData("xiji-2024.xlsx")]
    [InlineData("西集镇 2024年报（终稿）.xlsx")]
    public void A_plain_name_is_kept_so_the_clerk_finds_it(string uploadName) =>
        Assert.Equal($"uploads/{uploadName}.json", ResultNames.Status(uploadName));

    [Theory]
    [InlineData("a.xlsx", "a.xlsx.findings")]
    [InlineData("a.xlsx", "a.xlsx.findings.json")]
    [InlineData("a.xlsx", "a.xlsx.findings.html")]
    public void No_upload_name_reaches_another_uploads_record(string one, string other)
    {
        string[] Names(string upload) => [ResultNames.Status(upload), ResultNames.FindingsJson(upload), ResultNames.FindingsHtml(upload)];

        Assert.Empty(Names(one).Intersect(Names(other)));
        Assert.Equal(3, Names(one).Distinct().Count());
    }

    [Theory]
    [InlineData("../x.xlsx")]
    [InlineData("a/b.xlsx")]
    [InlineData("..\\..\\x.xlsx")]
    [InlineData(".hidden.xlsx")]
    [InlineData("a?b#c%d.xlsx")]
    [InlineData("tab\there.xlsx")]
    public void An_unsafe_name_becomes_a_flat_name_with_a_hash(string uploadName)
    {
        var stem = ResultNames.Stem(uploadName);

        Assert.DoesNotContain('/', stem);
        Assert.DoesNotContain('\\', stem);
        Assert.DoesNotContain("..", stem, StringComparison.Ordinal);
        Assert.False(stem.StartsWith('.'));
        Assert.Matches("~[0-9a-f]{12}$", stem);
    }

    [Fact]
    public void A_thousand_character_name_is_cut_but_stays_unique()
    {
        var a = new string('报', 999) + "a";
        var b = new string('报', 999) + "b";

        Assert.True(ResultNames.Status(a).Length < 200);
        Assert.NotEqual(ResultNames.Status(a), ResultNames.Status(b));
    }

    [Fact]
    public void Names_that_differ_only_in_unsafe_characters_do_not_share_a_record() =>
        Assert.NotEqual(ResultNames.Status("a/b.xlsx"), ResultNames.Status("a?b.xlsx"));

    [Fact]
    public void A_surrogate_pair_at_the_cut_is_not_split()
    {
        var name = new string('a', ResultNames.MaxStemLength - 1) + "𠀀𠀀?.xlsx";

        var stem = ResultNames.Stem(name);

        Assert.False(char.IsHighSurrogate(stem[stem.IndexOf('~') - 1]));
    }
}
