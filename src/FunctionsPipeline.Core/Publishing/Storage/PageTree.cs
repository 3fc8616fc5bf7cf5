using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// How a catalogue's pages grow with it. A body's rows start on one of a fixed number of root pages ("p013", by a hash of
/// its slug, <see cref="SiteLayout.PageOf"/>). A page that passes its row limit splits in two by the next bit of a second
/// hash of the slug: "p013-0" and "p013-1", then "p013-01" and so on. So a page never holds more than the limit, one
/// publication still rewrites one page, and a body's page follows from its slug and the catalogue's page set alone.
/// A split page keeps its rows, frozen, so that each half can be seeded from it by whoever gets there first.
/// </summary>
internal static class PageTree
{
    /// <summary>Deeper than any catalogue gets (2^40 pages per root); a guard against splitting rows of one body forever.</summary>
    public const int MaxDepth = 40;

    private const char Separator = '-';

    public static string Root(string slug, int rootCount) => SiteLayout.PageName(SiteLayout.PageOf(slug, rootCount));

    /// <summary>How many splits below its root a page is ("p013" 0, "p013-01" 2).</summary>
    public static int Depth(string page)
    {
        var at = page.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? 0 : page.Length - at - 1;
    }

    /// <summary>The two pages <paramref name="page"/> splits into.</summary>
    public static (string Zero, string One) Children(string page) => (ChildOf(page, 0), ChildOf(page, 1));

    public static string ChildOf(string page, int bit) => page + (IsRootPage(page) ? "-" : "") + (bit == 0 ? '0' : '1');

    /// <summary>The root page a page was split from ("p013" for "p013-01"; a root for itself).</summary>
    public static string RootOf(string page)
    {
        var at = page.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? page : page[..at];
    }

    public static bool IsRootPage(string page) => !page.Contains(Separator, StringComparison.Ordinal);

    /// <summary>The half of <paramref name="page"/> (which holds the slug) that the slug's rows go to when it splits.</summary>
    public static string Child(string page, string slug) => ChildOf(page, Bit(slug, Depth(page)));

    /// <summary>Whether <paramref name="descendant"/> was split out of <paramref name="page"/> (at any depth).</summary>
    public static bool IsAncestor(string page, string descendant) => descendant.Length > page.Length && descendant.StartsWith(IsRootPage(page) ? page + Separator : page, StringComparison.Ordinal);

    /// <summary>Whether the slug's rows belong on <paramref name="page"/> or a page split from it.</summary>
    public static bool Holds(string page, string slug, int rootCount) => Holds(page, Root(slug, rootCount), SplitBits(slug));

    private static bool Holds(string page, string root, ulong bits)
    {
        if (RootOf(page) != root) return false;
        var depth = Depth(page);
        for (var i = 0; i < depth; i++)
        {
            if (page[page.Length - depth + i] - '0' != BitAt(bits, i)) return false;
        }
        return true;
    }

    /// <summary>
    /// The page of the set that holds the slug (the deepest listed; the set lists only pages that are not split, but may
    /// lag behind a split, which the writer then finds on the page itself), else its root page.
    /// </summary>
    public static string LeafFor(PageSet pages, string slug, int rootCount)
    {
        var root = Root(slug, rootCount);
        var bits = SplitBits(slug);
        var best = root;
        foreach (var page in pages.Pages)
        {
            if (page.Length > best.Length && page.StartsWith(root, StringComparison.Ordinal) && Holds(page, root, bits)) best = page;
        }
        return best;
    }

    /// <summary>Bit <paramref name="depth"/> of the slug's split hash (independent of the hash that picks its root).</summary>
    public static int Bit(string slug, int depth) => BitAt(SplitBits(slug), depth);

    private static int BitAt(ulong bits, int depth) => (int)((bits >> (63 - depth)) & 1);

    private static ulong SplitBits(string slug) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(slug)).AsSpan(8, 8));
}
