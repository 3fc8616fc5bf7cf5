using System.Globalization;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>A link to a catalogue page, labelled by the first and last body name it holds (null: not labelled yet).</summary>
internal sealed record PageLink(string Page, string? First, string? Last)
{
    public static PageLink From(string page, PageLabel? label) => new(page, label?.First, label?.Last);
}

/// <summary>A catalogue's index, or the list of the pages a page split into: a title and the page links, in reading order.</summary>
internal sealed record PageListModel(string Title, ValueList<PageLink> Pages)
{
    /// <summary>The catalogue's index: one link per root page (a root that split lists its own pages).</summary>
    public static PageListModel Index(CatalogueKey key, PageSet pages, PageLabels labels) =>
        new(key.Title, Ordered(pages.Pages.Select(PageTree.RootOf).Distinct().Select(root => PageLink.From(root, labels.For(root)))));

    /// <summary>A root page that split: every page split from it.</summary>
    public static PageListModel Root(CatalogueKey key, PageLabels subtree)
    {
        var (first, last) = subtree.NameRange();
        return new($"{key.Title}：{CatalogueText.Range(first, last)}", Ordered(subtree.Labels.Select(l => PageLink.From(l.Page, l))));
    }

    /// <summary>A page that split before its root's list was written: a link to each half that got rows.</summary>
    public static PageListModel Split(CatalogueKey key, string page, PageRecord record)
    {
        var (zero, one) = PageTree.Children(page);
        var halves = new List<PageLink>();
        foreach (var child in new[] { zero, one })
        {
            var half = record.SeedFor(page, child);
            if (half.Rows.Count == 0) continue;
            var (first, last) = half.NameRange();
            halves.Add(new PageLink(child, first, last));
        }
        return new(key.Title, halves.ToValueList());
    }

    // A page holds bodies by a hash of their slug, so its number says nothing to a reader: ordered by first name.
    private static ValueList<PageLink> Ordered(IEnumerable<PageLink> links) =>
        links.OrderBy(p => p.First ?? "", BodyNameOrder.Chinese).ThenBy(p => p.Page, StringComparer.Ordinal).ToValueList();
}

/// <summary>A catalogue page with rows: its title and its rows in the order shown.</summary>
internal sealed record CataloguePageModel(string Title, ValueList<ListingRow> Rows)
{
    /// <summary>A year page: each body once, by name.</summary>
    public static CataloguePageModel Year(CatalogueKey key, PageRecord record) =>
        new(TitleOf(key, record), record.Rows.OrderBy(r => r.Body, BodyNameOrder.Chinese).ThenBy(r => r.Body, StringComparer.Ordinal).ToValueList());

    /// <summary>A month page: every publication and 撤回公告, newest first.</summary>
    public static CataloguePageModel Month(CatalogueKey key, PageRecord record) =>
        new(TitleOf(key, record), record.Rows.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Version).ThenBy(r => r.Body, StringComparer.Ordinal)
            .ToValueList());

    /// <summary>The catalogue, the names the page runs from and to, and how many it holds.</summary>
    private static string TitleOf(CatalogueKey key, PageRecord record)
    {
        var (first, last) = record.NameRange();
        var count = key.IsYear
            ? string.Create(CultureInfo.InvariantCulture, $"共{record.Rows.Count}个机关")
            : string.Create(CultureInfo.InvariantCulture, $"共{record.Rows.Count}条公告");
        return $"{key.Title}：{CatalogueText.Range(first, last)}（{count}）";
    }
}

internal static class CatalogueText
{
    public static string Range(string first, string last) => first == last ? first : $"{first} 至 {last}";
}
