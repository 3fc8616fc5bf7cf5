using System.Globalization;
using System.Text.Json;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The page tree of a catalogue: names, which page holds a body, and the records that list pages and labels.</summary>
public sealed class PageTreeTests
{
    private static readonly string[] Slugs = Enumerable.Range(0, 400).Select(i => SiteSlug.ForBody(string.Create(CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处"))).ToArray();

    [Fact]
    public void A_page_splits_into_two_halves_named_after_it_and_each_body_goes_to_exactly_one()
    {
        Assert.Equal(("p013-0", "p013-1"), PageTree.Children("p013"));
        Assert.Equal(("p013-010", "p013-011"), PageTree.Children("p013-01"));
        Assert.Equal(0, PageTree.Depth("p013"));
        Assert.Equal(2, PageTree.Depth("p013-01"));

        var onRoot = Slugs.Where(s => PageTree.Root(s, 4) == "p002").ToList();
        Assert.True(onRoot.Count > 50);
        var halves = onRoot.GroupBy(s => PageTree.Child("p002", s)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["p002-0", "p002-1"], halves.Keys.Order(StringComparer.Ordinal));
        // Roughly half each: a second hash, independent of the root's.
        Assert.All(halves.Values, h => Assert.InRange(h.Count, onRoot.Count / 4, onRoot.Count * 3 / 4));
        foreach (var (half, slugs) in halves)
        {
            Assert.All(slugs, s => Assert.True(PageTree.Holds(half, s, 4)));
            Assert.All(slugs, s => Assert.True(PageTree.Holds("p002", s, 4)));
            Assert.All(slugs, s => Assert.False(PageTree.Holds(half == "p002-0" ? "p002-1" : "p002-0", s, 4)));
        }
        Assert.All(Slugs.Except(onRoot), s => Assert.False(PageTree.Holds("p002", s, 4)));
    }

    [Theory]
    [InlineData("p013", "p013-0", true)]
    [InlineData("p013", "p013-0110", true)]
    [InlineData("p013-0", "p013-01", true)]
    [InlineData("p013-0", "p013-0", false)]
    [InlineData("p013-0", "p013-1", false)]
    [InlineData("p013-0", "p013-10", false)]
    [InlineData("p013", "p0130", false)]
    [InlineData("p013-01", "p013-0", false)]
    [InlineData("p001", "p013-0", false)]
    public void A_page_is_the_ancestor_only_of_pages_split_from_it(string page, string other, bool expected) =>
        Assert.Equal(expected, PageTree.IsAncestor(page, other));

    [Fact]
    public void A_body_is_found_on_the_deepest_listed_page_that_holds_it_and_on_its_root_when_none_is_listed()
    {
        var slug = Slugs[7];
        var root = PageTree.Root(slug, 4);
        var half = PageTree.Child(root, slug);
        var quarter = PageTree.Child(half, slug);
        var other = PageTree.ChildOf(half, 1 - (quarter[^1] - '0'));

        Assert.Equal(root, PageTree.LeafFor(PageSet.Empty, slug, 4));
        Assert.Equal(half, PageTree.LeafFor(new PageSet(1, new[] { half, PageTree.ChildOf(root, 1 - (half[^1] - '0')) }.ToValueList()), slug, 4));
        Assert.Equal(quarter, PageTree.LeafFor(new PageSet(1, new[] { quarter, other }.ToValueList()), slug, 4));
        // A page set that only lists the other half of the split (this body's half not listed yet): the root, and the
        // writer then finds the root split and follows to the half.
        Assert.Equal(root, PageTree.LeafFor(new PageSet(1, new[] { PageTree.ChildOf(root, 1 - (half[^1] - '0')) }.ToValueList()), slug, 4));
    }

    [Fact]
    public void The_page_set_lists_a_half_in_place_of_the_page_it_split_from_and_never_brings_a_split_page_back()
    {
        var set = new PageSet(3, new[] { "p001", "p002" }.ToValueList());

        var split = set.With("p002-0")!.With("p002-1")!;
        Assert.Equal(["p001", "p002-0", "p002-1"], split.Pages);
        Assert.Equal(5, split.Generation);
        // A writer that listed its row on p002 before it split does not bring it back.
        Assert.Null(split.With("p002"));
        Assert.Null(split.With("p002-1"));
        // A quarter replaces its half.
        Assert.Equal(["p001", "p002-0", "p002-10"], split.With("p002-10")!.Pages);
    }

    [Fact]
    public void A_half_label_replaces_that_of_the_page_it_split_from()
    {
        var labels = PageLabels.Empty.With(new PageLabel("p002", "甲", "癸", 70))!;

        var after = labels.With(new PageLabel("p002-0", "甲", "戊", 1))!;

        Assert.Equal(["p002-0"], after.Labels.Select(l => l.Page));
        Assert.Null(after.With(new PageLabel("p002-0", "甲", "戊", 1)));
        Assert.Equal("己", after.With(new PageLabel("p002-0", "甲", "己", 2))!.For("p002-0")!.Last);
    }

    [Fact]
    public void Records_of_a_site_written_before_pages_split_are_read_with_page_names()
    {
        var set = JsonSerializer.Deserialize<PageSet>("{\"generation\":4,\"pages\":[0,12,63]}", ListingJson.Options)!;
        var labels = JsonSerializer.Deserialize<PageLabels>("{\"generation\":2,\"labels\":[{\"page\":12,\"first\":\"甲\",\"last\":\"乙\",\"from\":3}]}", ListingJson.Options)!;
        var record = JsonSerializer.Deserialize<PageRecord>("{\"generation\":9,\"rows\":[]}", ListingJson.Options)!;

        Assert.Equal(["p001", "p013", "p064"], set.Pages);
        Assert.Equal("p013", labels.Labels.Single().Page);
        Assert.False(record.Split);
        // Written back with names; a page that is not split does not say so.
        Assert.Contains("\"pages\":[\"p001\",\"p013\",\"p064\"]", JsonSerializer.Serialize(set, ListingJson.Options));
        Assert.DoesNotContain("split", JsonSerializer.Serialize(record, ListingJson.Options));
        Assert.Contains("\"split\":true", JsonSerializer.Serialize(record with { Split = true }, ListingJson.Options));
    }

    [Fact]
    public void A_page_splits_only_past_its_limit_and_only_when_its_rows_are_of_more_than_one_body()
    {
        var at = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.FromHours(8));
        ListingRow Row(int body, int version) =>
            new($"测试市第{body:D3}街道办事处", SiteSlug.ForBody($"测试市第{body:D3}街道办事处"), 2024, version, at, PublicationKind.Publish);
        var four = new PageRecord(5, Enumerable.Range(0, 4).Select(i => Row(i, 1)).ToValueList());
        var oneBody = new PageRecord(5, Enumerable.Range(1, 6).Select(v => Row(1, v)).ToValueList());

        Assert.False(four.ShouldSplit("p001", 4));
        Assert.True(four.WithPublication(Row(9, 1))!.ShouldSplit("p001", 4));
        Assert.False(oneBody.ShouldSplit("p001", 4));
        Assert.False((four.WithPublication(Row(9, 1))! with { Split = true }).ShouldSplit("p001", 4));

        // The halves' seeds share out the rows exactly.
        var five = four.WithPublication(Row(9, 1))!;
        var (zero, one) = PageTree.Children("p001");
        var seeds = new[] { five.SeedFor("p001", zero), five.SeedFor("p001", one) };
        Assert.Equal(five.Rows.OrderBy(r => r.Body, StringComparer.Ordinal), seeds.SelectMany(s => s.Rows).OrderBy(r => r.Body, StringComparer.Ordinal));
        Assert.All(seeds, s => Assert.False(s.Split));
    }

    [Fact]
    public void The_options_refuse_a_row_limit_past_the_design_load()
    {
        var store = new SiteStore(null!, new PublishingOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, new SiteWriteStats());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteListings(store, new PublishingOptions { CataloguePageRows = PublishingOptions.PageRowsDesignLoad + 1 },
            TimeProvider.System, new ListingPages(new Uri("https://example.gov.cn/")), (_, _) => Task.CompletedTask));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteListings(store, new PublishingOptions { CataloguePageRows = 0 },
            TimeProvider.System, new ListingPages(new Uri("https://example.gov.cn/")), (_, _) => Task.CompletedTask));
    }
}
