using System.Xml.Linq;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Tests.Publishing;

public sealed class AtomFeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public void The_feed_is_Atom_with_absolute_links_newest_first()
    {
        var first = RecentEntry.From(NoticeTimeZoneTests.Entry(PublishingTestKit.At));
        var second = first with { Version = 2, Kind = PublicationKind.Correction, PublishedAt = PublishingTestKit.At.AddDays(1) };
        var recent = new RecentList(2, second.PublishedAt, ValueList.Of(first, second), ValueList.Of(2024), ValueList.Of("2026-11"));

        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(AtomFeed.Render(FeedModel.From(recent, new Uri("https://example.org/site/")))));

        Assert.Equal(Atom + "feed", feed.Root!.Name);
        var entries = feed.Root.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal($"https://example.org/site/reports/{Uri.EscapeDataString(SiteSlug.ForBody(first.Body))}/2024/v2/notice.html", entries[0].Element(Atom + "id")!.Value);
        Assert.StartsWith("https://example.org/site/reports/%E5%B1%B1", entries[0].Element(Atom + "id")!.Value);
        Assert.StartsWith("关于更正《", entries[0].Element(Atom + "title")!.Value);
        Assert.Equal("2026-11-30T17:20:00+08:00", entries[0].Element(Atom + "updated")!.Value);
        Assert.Equal("2026-11-30T17:20:00+08:00", feed.Root.Element(Atom + "updated")!.Value);
        Assert.All(entries, e => Assert.StartsWith("https://", e.Elements(Atom + "link").First().Attribute("href")!.Value));
        // Links are IRIs (Chinese as is, a third of the encoded size); the id keeps its percent-encoded form.
        var link = entries[0].Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value;
        Assert.Equal($"https://example.org/site/reports/{SiteSlug.ForBody(first.Body)}/2024/v2/notice.html", link);
        Assert.Equal(entries[0].Element(Atom + "id")!.Value, new Uri(link).AbsoluteUri);
        var enclosure = entries[0].Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "enclosure").Attribute("href")!.Value;
        Assert.Equal($"https://example.org/site/reports/{SiteSlug.ForBody(first.Body)}/2024/v2/report.pdf", enclosure);
    }
}
