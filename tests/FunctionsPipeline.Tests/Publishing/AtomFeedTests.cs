using System.Xml.Linq;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Tests.Publishing;

public sealed class AtomFeedTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public void The_feed_is_Atom_with_absolute_links_newest_first()
    {
        var first = NoticeTimeZoneTests.Entry(PublishingTestKit.At) with { Notice = "reports/西集-1/2024/v1/notice.html" };
        var second = first with { Version = 2, Kind = PublicationKind.Correction, PublishedAt = PublishingTestKit.At.AddDays(1), Notice = "reports/西集-1/2024/v2/notice.html" };
        var recent = new RecentList(2, second.PublishedAt, ValueList.Of(first, second), ValueList.Of(2024), ValueList.Of("2026-11"));

        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(AtomFeed.Render(recent, new Uri("https://example.org/site/"))));

        Assert.Equal(Atom + "feed", feed.Root!.Name);
        var entries = feed.Root.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("https://example.org/site/reports/%E8%A5%BF%E9%9B%86-1/2024/v2/notice.html", entries[0].Element(Atom + "id")!.Value);
        Assert.StartsWith("关于更正《", entries[0].Element(Atom + "title")!.Value);
        Assert.Equal("2026-11-30T17:20:00+08:00", entries[0].Element(Atom + "updated")!.Value);
        Assert.Equal("2026-11-30T17:20:00+08:00", feed.Root.Element(Atom + "updated")!.Value);
        Assert.All(entries, e => Assert.StartsWith("https://", e.Elements(Atom + "link").First().Attribute("href")!.Value));
    }
}
