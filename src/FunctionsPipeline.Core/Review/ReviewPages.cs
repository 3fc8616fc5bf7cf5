using FunctionsPipeline.Core.Publishing.Pages;
using System.Globalization;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Review;

/// <summary>The preview's own pages (never on the public site): the reviewer's overview and the correction's changes.</summary>
public static class ReviewPages
{
    /// <summary>Added to the preview's copy of site.css: the draft banner and marks.</summary>
    public const string DraftCss = """

        .draft-banner { background: #fff4d6; border: 2px dashed #b7791f; color: #7a4d00; padding: .6em .9em; border-radius: 4px; font-weight: bold; }
        .kind.draft { background: #7a4d00; }   /* 8:1 against the white label text (#b7791f was 3.3:1, under WCAG AA) */
        table.review th { text-align: left; white-space: nowrap; }
        table.review td, table.review th { padding: .3em .6em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left; }
        .review code { word-break: break-all; }
        .review pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f4; padding: .6em .8em; border-radius: 4px; font-size: .85rem; }
        /* The preview has no feed or catalogue: the footer's links would lead nowhere (the header's leads to this overview). */
        .site-footer { display: none; }
        """;

    /// <summary>The changes a correction would make against the live version (<c>changes.html</c>, in the draft folder).</summary>
    public static string Changes(PreviewRecord record, ReportChanges changes)
    {
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<article class=\"notice draft\">\n<p class=\"draft-banner\" role=\"note\">草稿 · 待审核：以下为本次上传与网站现行版本的差异，尚未公开。</p>\n")
            .Append("<h1><span class=\"kind draft\">草稿</span><span class=\"kind\">更正内容</span>")
            .Append(HtmlText.Encode(record.Title)).Append("</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">与现行第{record.LiveVersion}版相比 · 预览生成时间：")
            .Append(NoticePage.TimeElement(record.PreviewedAt)).Append("</p>\n");
        NoticePage.AppendChanges(sb, changes);
        sb.Append("<p><a href=\"").Append(NoticePage.FileName).Append("\">返回公告草稿</a></p>\n</article>\n");
        return HtmlPage.Wrap($"（草稿·待审核）更正内容：{record.Title}", NoticePage.RootHref, sb.ToString());
    }

    /// <summary>What the clerk changed since the preview this one replaced in the review queue (<c>changes-superseded.html</c>).</summary>
    public static string ChangesSinceSuperseded(PreviewRecord record, PreviewRecord superseded, ReportChanges changes)
    {
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<article class=\"notice draft\">\n<p class=\"draft-banner\" role=\"note\">草稿 · 待审核：以下为本次上传与其取代的待审核预览（文件“")
            .Append(HtmlText.Encode(superseded.Upload)).Append("”）之间的差异。</p>\n")
            .Append("<h1><span class=\"kind draft\">草稿</span><span class=\"kind\">修改内容</span>")
            .Append(HtmlText.Encode(record.Title)).Append("</h1>\n")
            .Append("<p class=\"meta\">与被取代的预览相比 · 预览生成时间：").Append(NoticePage.TimeElement(record.PreviewedAt)).Append("</p>\n");
        if (changes.Values.Count == 0 && changes.ChangedSections.Count == 0) sb.Append("<p>数据和正文均无变化。</p>\n");
        else NoticePage.AppendChanges(sb, changes, "修改内容");
        sb.Append("<p><a href=\"").Append(NoticePage.FileName).Append("\">返回公告草稿</a></p>\n</article>\n");
        return HtmlPage.Wrap($"（草稿·待审核）修改内容：{record.Title}", NoticePage.RootHref, sb.ToString());
    }

    /// <summary>The reviewer's overview (<c>{stem}/index.html</c>): what would be published, the files, and how to decide.</summary>
    public static string Index(PreviewRecord record, string draftFolderFromRoot, ReportChanges? changes)
    {
        string Href(string file) => HtmlText.Encode(SiteSlug.UrlPath($"{draftFolderFromRoot}/{file}"));
        var sb = new StringBuilder(8 * 1024);
        sb.Append("<article class=\"notice draft review\">\n<p class=\"draft-banner\" role=\"note\">草稿 · 待审核：本预览尚未公开，网站未作任何更改。</p>\n")
            .Append("<h1><span class=\"kind draft\">审核</span>").Append(HtmlText.Encode(record.Title)).Append("</h1>\n")
            .Append("<table class=\"review\">\n<tbody>\n")
            .Append("<tr><th scope=\"row\">上传文件</th><td>").Append(HtmlText.Encode(record.Upload)).Append("</td></tr>\n")
            .Append("<tr><th scope=\"row\">发布机关</th><td>").Append(HtmlText.Encode(record.Body)).Append("</td></tr>\n")
            .Append("<tr><th scope=\"row\">发布方式</th><td>")
            .Append(record.Kind == PublicationKind.Correction
                ? string.Create(CultureInfo.InvariantCulture, $"更正：替换现行第{record.LiveVersion}版（{changes?.Values.Count ?? 0} 项数据、{changes?.ChangedSections.Count ?? 0} 个部分有改动）")
                : "首次发布")
            .Append("</td></tr>\n")
            .Append("<tr><th scope=\"row\">提示</th><td>").Append(record.Warnings == 0 ? "无" : $"{record.Warnings} 条，请核对").Append("</td></tr>\n")
            .Append("<tr><th scope=\"row\">预览生成时间</th><td>").Append(NoticePage.TimeElement(record.PreviewedAt)).Append("</td></tr>\n")
            .Append("<tr><th scope=\"row\">版本（SHA-256）</th><td><code>").Append(HtmlText.Encode(record.Version)).Append("</code></td></tr>\n")
            .Append("</tbody>\n</table>\n<h2>预览文件</h2>\n<ul class=\"files\">\n")
            .Append("<li><a href=\"").Append(Href(NoticePage.FileName)).Append("\">公告草稿</a></li>\n");
        if (record.File("changes") is not null) sb.Append("<li><a href=\"").Append(Href(PreviewStore.ChangesFile)).Append("\">更正内容（与现行版本的差异）</a></li>\n");
        if (record.File("changes-superseded") is not null)
        {
            sb.Append("<li><a href=\"").Append(Href(PreviewStore.SupersededChangesFile)).Append("\">修改内容（与被取代的预览“")
                .Append(HtmlText.Encode(record.Supersedes ?? "")).Append("”的差异）</a></li>\n");
        }
        sb.Append("<li><a href=\"").Append(Href(PreviewStore.WarningsFile)).Append("\">检查结果与提示</a></li>\n");
        foreach (var (kind, label) in new[] { ("pdf", "PDF版"), ("ofd", "OFD版"), ("html", "网页版") })
        {
            if (record.File(kind) is not { } file) continue;
            sb.Append("<li><a href=\"").Append(Href(Path.GetFileName(file.Path))).Append("\">").Append(label).Append("</a>（")
                .Append(HtmlText.Encode(NoticePage.FormatSize(file.Bytes))).Append("）<br><span class=\"hash\">SHA-256：")
                .Append(HtmlText.Encode(file.Sha256)).Append("</span></li>\n");
        }
        sb.Append("</ul>\n<h2>审核</h2>\n<p>在 <code>approvals</code> 容器中写入 <code>")
            .Append(HtmlText.Encode(record.Upload)).Append(".json</code>（或使用 <code>fp approve</code> / <code>fp reject</code>）：</p>\n<pre>")
            .Append(HtmlText.Encode($$"""{"decision":"approved","by":"审核人","version":"{{record.Version}}"}""")).Append("\n")
            .Append(HtmlText.Encode($$"""{"decision":"rejected","by":"审核人","reason":"退回理由","version":"{{record.Version}}"}""")).Append("</pre>\n")
            .Append("<p>审核通过后发布的PDF版和OFD版与本预览逐字节相同（SHA-256 一致）；网页版内容相同，发布时另加目录信息（索引号、发布日期）。</p>\n</article>\n");
        return HtmlPage.Wrap($"（待审核）{record.Title}", "", sb.ToString());
    }
}
