using FunctionsPipeline.Core.Publishing;

namespace FunctionsPipeline.Tests.Publishing;

public sealed class SiteSlugTests
{
    [Fact]
    public void A_Chinese_body_name_stays_readable_and_gets_a_short_hash()
    {
        var slug = SiteSlug.ForBody("山亭区西集镇人民政府");

        Assert.Matches("^山亭区西集镇人民政府-[0-9a-f]{8}$", slug);
        Assert.Equal(slug, SiteSlug.ForBody("山亭区西集镇人民政府"));
    }

    [Fact]
    public void Names_differing_only_in_punctuation_get_different_slugs()
    {
        var a = SiteSlug.ForBody("某某市（区）教育局");
        var b = SiteSlug.ForBody("某某市区教育局");

        Assert.NotEqual(a, b);
        Assert.StartsWith("某某市-区-教育局-", a);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b\\c?d#e%2F..")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("   ")]
    [InlineData("．．／")]
    // A Prepend letter (U+0D4E, Grapheme_Cluster_Break=Prepend) makes "\u0D4E/" and "\u0D4E." one grapheme cluster each.
    [InlineData("前置\u0D4E/..\u0D4E.\u0D4E/机关")]
    [InlineData("\u0D4E/\u0D4E/etc\u0D4E/passwd")]
    public void User_text_can_never_add_path_segments_or_dots(string body)
    {
        var slug = SiteSlug.ForBody(body);

        Assert.DoesNotContain("/", slug);
        Assert.DoesNotContain("\\", slug);
        Assert.DoesNotContain(".", slug);
        Assert.DoesNotContain("%", slug);
        Assert.Matches("^[\\p{L}\\p{Nd}\\p{M}-]+-[0-9a-f]{8}$", slug);
    }

    [Fact]
    public void Fullwidth_latin_is_folded_and_long_names_are_shortened()
    {
        Assert.StartsWith("abc-", SiteSlug.ForBody("ＡＢＣ"));
        var longName = new string('镇', 100);
        Assert.Equal(SiteSlug.MaxTextLength + 9, SiteSlug.ForBody(longName).Length);
        Assert.NotEqual(SiteSlug.ForBody(longName), SiteSlug.ForBody(longName + "镇"));
    }

    [Fact]
    public void Paths_are_versioned_by_body_and_year_and_percent_encoded_as_URLs()
    {
        var folder = SiteSlug.VersionFolder("西集镇人民政府", 2024, 3);

        Assert.Matches("^reports/西集镇人民政府-[0-9a-f]{8}/2024/v3$", folder);
        Assert.StartsWith("reports/%E8%A5%BF%E9%9B%86", SiteSlug.UrlPath(folder));
        Assert.Throws<ArgumentOutOfRangeException>(() => SiteSlug.YearFolder("x", 99999));
    }
}
