using System.Globalization;
using System.Text;
using System.Xml;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing.Site;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>feed.xml: an Atom feed of the newest notices (at most <see cref="RecentList.Capacity"/>), newest first, with absolute links.
/// Built from recent.json only; older notices stay reachable through the monthly archive.</summary>
public static class AtomFeed
{
    public const string FileName = "feed.xml";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <param name="siteBase">The site root URL, ending in '/'.</param>
    public static byte[] Render(RecentList recent, Uri siteBase)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", AtomNs);
            w.WriteAttributeString("xml", "lang", null, "zh-CN");
            w.WriteElementString("id", AtomNs, new Uri(siteBase, FileName).AbsoluteUri);
            w.WriteElementString("title", AtomNs, "政府信息公开工作年度报告公告");
            w.WriteElementString("updated", AtomNs, Iso(recent.UpdatedAt ?? DateTimeOffset.UnixEpoch));
            Link(w, "self", new Uri(siteBase, FileName), "application/atom+xml");
            Link(w, "alternate", new Uri(siteBase, IndexPage.FileName), "text/html");
            foreach (var e in RecentList.NewestFirst(recent.Entries))
            {
                var notice = new Uri(siteBase, SiteSlug.UrlPath(e.Notice()));
                w.WriteStartElement("entry", AtomNs);
                w.WriteElementString("id", AtomNs, notice.AbsoluteUri);
                w.WriteElementString("title", AtomNs, (e.IsWithdrawn ? "（已撤回）" : "") + NoticePage.Title(e.Title, e.Kind));
                w.WriteElementString("published", AtomNs, Iso(e.PublishedAt));
                w.WriteElementString("updated", AtomNs, Iso(e.PublishedAt));
                w.WriteStartElement("author", AtomNs);
                w.WriteElementString("name", AtomNs, e.Body);
                w.WriteEndElement();
                Link(w, "alternate", notice, "text/html");
                // A withdrawn publication's PDF is no longer on the site: no enclosure, and the 撤回公告 is linked instead.
                if (e.IsWithdrawn) Link(w, "related", new Uri(siteBase, SiteSlug.UrlPath(e.WithdrawalNotice()!)), "text/html");
                else if (!e.IsWithdrawalNotice) Link(w, "enclosure", new Uri(siteBase, SiteSlug.UrlPath(e.Pdf())), "application/pdf", e.PdfBytes);
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

    private static void Link(XmlWriter w, string rel, Uri href, string type, long? length = null)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href.AbsoluteUri);
        if (length is { } l) w.WriteAttributeString("length", l.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }
}
