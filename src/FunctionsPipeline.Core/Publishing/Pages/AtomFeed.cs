using System.Globalization;
using System.Text;
using System.Xml;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Core.Publishing.Pages;

/// <summary>What the feed shows: the site root URL (ending in '/'), when it was updated and the newest notices, newest first.</summary>
internal sealed record FeedModel(Uri SiteBase, DateTimeOffset Updated, ValueList<RecentEntry> Entries)
{
    public static FeedModel From(RecentList recent, Uri siteBase) =>
        new(siteBase, recent.UpdatedAt ?? DateTimeOffset.UnixEpoch, RecentList.NewestFirst(recent.Entries).ToValueList());
}

/// <summary>feed.xml: an Atom feed of the newest notices (at most <see cref="RecentList.Capacity"/>), newest first, with absolute links.
/// Built from recent.json only; older notices stay reachable through the monthly archive.</summary>
internal static class AtomFeed
{
    public const string FileName = SiteLayout.FeedFile;
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>Raise when the markup changes: the stored feed is then rewritten.</summary>
    public const int TemplateVersion = 1;

    public static byte[] Render(FeedModel model)
    {
        var siteBase = model.SiteBase;
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", AtomNs);
            w.WriteAttributeString("xml", "lang", null, "zh-CN");
            w.WriteElementString("id", AtomNs, new Uri(siteBase, FileName).AbsoluteUri);
            w.WriteElementString("title", AtomNs, "政府信息公开工作年度报告公告");
            w.WriteElementString("updated", AtomNs, Iso(model.Updated));
            Link(w, "self", new Uri(siteBase, FileName), "application/atom+xml");
            Link(w, "alternate", new Uri(siteBase, IndexPage.FileName), "text/html");
            foreach (var e in model.Entries)
            {
                w.WriteStartElement("entry", AtomNs);
                // The id stays the percent-encoded URI it always was (a reader keys entries by it).
                w.WriteElementString("id", AtomNs, new Uri(siteBase, SiteSlug.UrlPath(e.Notice())).AbsoluteUri);
                w.WriteElementString("title", AtomNs, (e.IsWithdrawn ? "（已撤回）" : "") + NoticePage.Title(e.Title, e.Kind));
                w.WriteElementString("published", AtomNs, Iso(e.PublishedAt));
                w.WriteElementString("updated", AtomNs, Iso(e.PublishedAt));
                w.WriteStartElement("author", AtomNs);
                w.WriteElementString("name", AtomNs, e.Body);
                w.WriteEndElement();
                Link(w, "alternate", Iri(siteBase, e.Notice()), "text/html");
                // A withdrawn publication's PDF is no longer on the site: no enclosure, and the 撤回公告 is linked instead.
                if (e.IsWithdrawn) Link(w, "related", Iri(siteBase, e.WithdrawalNotice()!), "text/html");
                else if (!e.IsWithdrawalNotice) Link(w, "enclosure", Iri(siteBase, e.Pdf()), "application/pdf", e.PdfBytes);
                var what = e.IsWithdrawalNotice ? "撤回" : e.Kind == PublicationKind.Correction ? "更正" : "首次发布";
                w.WriteElementString("summary", AtomNs, string.Create(CultureInfo.InvariantCulture,
                    $"{e.Body}{e.Year}年度报告第{e.Version}版（{what}{(e.IsWithdrawn ? "，已撤回" : "")}），发布时间：{ChinaTime.FormatChinese(e.PublishedAt)}"));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static string Iso(DateTimeOffset t) => ChinaTime.FormatIso(t);

    /// <summary>
    /// An entry's link as an IRI (RFC 4287 §4.2.7.1: href is an IRI): Chinese left as is, a third of the percent-encoded
    /// size; the feed is rewritten by every publication. Site paths hold only letters, digits, '-', '/' and '.'.
    /// </summary>
    private static string Iri(Uri siteBase, string sitePath) => siteBase.AbsoluteUri + sitePath;

    private static void Link(XmlWriter w, string rel, Uri href, string type, long? length = null) => Link(w, rel, href.AbsoluteUri, type, length);

    private static void Link(XmlWriter w, string rel, string href, string type, long? length = null)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        if (length is { } l) w.WriteAttributeString("length", l.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }
}
