using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Rendering.Html;

namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// What a government site's 政府信息公开目录 shows for each document: 索引号, 发布机构, 成文日期, 发布日期, 主题分类.
/// <para>
/// 索引号 = the issuer's 统一社会信用代码 / year of publication - serial (five digits), as the 政府信息公开目录 rules have it:
/// <c>11539999MB12345672/2025-00002</c> is the second document that body published in 2025 (China Standard Time). Each
/// version is a document of its own (a correction is published beside, not over, the original), so it takes the next
/// serial; the serial is kept in the body's manifest (<see cref="ManifestEntry.IndexSerial"/>) and never changes. A register
/// may give a body a serial base (its portal's CMS already numbers documents): serials then continue above it. Without a
/// credit code there is no 索引号 (the box says 未填报统一社会信用代码) rather than a made-up one.
/// 成文日期: the national format has no date of its own (the real reports carry none), so it is the China Standard Time
/// date on which this version was adopted for publication, the date the notice is signed with.
/// </para>
/// </summary>
public sealed record CatalogueMetadata(
    string Title, string Publisher, string? CreditCode, int Year, int Version, DateTimeOffset PublishedAt, int? Serial = null)
{
    public const string SubjectClassification = "政务公开/政府信息公开工作年度报告";

    public string? IndexNumber => CreditCode is null ? null : FormatIndexNumber(CreditCode, ChinaTime.ToChina(PublishedAt).Year, Serial ?? Version);

    /// <param name="publicationYear">The year of publication (China Standard Time), not the report year.</param>
    public static string FormatIndexNumber(string creditCode, int publicationYear, int serial) =>
        string.Create(CultureInfo.InvariantCulture, $"{creditCode}/{publicationYear}-{serial:D5}");

    /// <summary>
    /// The serial a new publication of <paramref name="body"/> at <paramref name="publishedAt"/> takes: one above every serial
    /// the body's publications of that year already hold (an entry without one counts as its rank), and above
    /// <paramref name="serialBase"/>.
    /// </summary>
    public static int NextSerial(SiteManifest manifest, string body, DateTimeOffset publishedAt, int serialBase = 0)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var year = ChinaTime.ToChina(publishedAt).Year;
        var sameYear = manifest.Publications.Where(p => p.Body == body && ChinaTime.ToChina(p.PublishedAt).Year == year).ToList();
        return Math.Max(serialBase, Math.Max(sameYear.Count, sameYear.Select(p => p.IndexSerial ?? 0).DefaultIfEmpty(0).Max())) + 1;
    }

    /// <summary>成文日期 as ISO date (2025-01-20) in China Standard Time.</summary>
    public string WrittenDateIso => ChinaTime.ToChina(PublishedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string WrittenDateChinese
    {
        get
        {
            var t = ChinaTime.ToChina(PublishedAt);
            return string.Create(CultureInfo.InvariantCulture, $"{t.Year}年{t.Month}月{t.Day}日");
        }
    }

    public static CatalogueMetadata For(ManifestEntry entry, string? creditCode)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Title, entry.Body, creditCode, entry.Year, entry.Version, entry.PublishedAt, entry.IndexSerial);
    }

    /// <summary>The header box: a description list, first thing in the page's main content.</summary>
    public string RenderBox()
    {
        var sb = new StringBuilder(1024);
        sb.Append("<section class=\"catalogue\" aria-label=\"政府信息公开目录信息\">\n<dl>\n");
        // Codes stay on one line: a break inside one reads as two codes.
        Item(sb, "索引号", IndexNumber is { } index ? HtmlText.Encode(index) : "—（未填报统一社会信用代码）", IndexNumber is null ? null : "code");
        Item(sb, "发布机构", HtmlText.Encode(Publisher));
        Item(sb, "成文日期", $"<time datetime=\"{WrittenDateIso}\">{HtmlText.Encode(WrittenDateChinese)}</time>");
        Item(sb, "发布日期", $"<time datetime=\"{ChinaTime.FormatIso(PublishedAt)}\">{HtmlText.Encode(ChinaTime.FormatChinese(PublishedAt))}</time>");
        Item(sb, "主题分类", HtmlText.Encode(SubjectClassification));
        if (CreditCode is not null) Item(sb, "统一社会信用代码", HtmlText.Encode(CreditCode), "code");
        sb.Append("</dl>\n</section>\n");
        return sb.ToString();
    }

    /// <summary>Dublin Core <c>&lt;meta&gt;</c> and a JSON-LD block (schema.org Report) for the page's head.</summary>
    public string RenderHead()
    {
        var sb = new StringBuilder(2048);
        void Meta(string name, string content) =>
            sb.Append("<meta name=\"").Append(name).Append("\" content=\"").Append(HtmlText.Encode(content)).Append("\">\n");
        Meta("DC.title", Title);
        Meta("DC.creator", Publisher);
        Meta("DC.publisher", Publisher);
        Meta("DC.subject", SubjectClassification);
        Meta("DC.type", "Text");
        Meta("DC.language", "zh-CN");
        Meta("DCTERMS.created", WrittenDateIso);
        Meta("DCTERMS.issued", ChinaTime.FormatIso(PublishedAt));
        if (IndexNumber is { } index) Meta("DC.identifier", index);
        // A data block: browsers never execute it, so the pages' script policy does not apply to it.
        sb.Append("<script type=\"application/ld+json\">").Append(JsonLd()).Append("</script>\n");
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonLdOptions = new()
    {
        // Chinese readable; <, >, & and quotes are still escaped, so the block can never close its script element.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>schema.org Report: reportNumber is the 索引号, the publisher a GovernmentOrganization identified by its code.</summary>
    public string JsonLd()
    {
        var publisher = new JsonObject { ["@type"] = "GovernmentOrganization", ["name"] = Publisher };
        if (CreditCode is not null)
        {
            publisher["identifier"] = new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "统一社会信用代码", ["value"] = CreditCode };
        }
        var node = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Report",
            ["name"] = Title,
            ["inLanguage"] = "zh-CN",
            ["genre"] = SubjectClassification,
            ["dateCreated"] = WrittenDateIso,
            ["datePublished"] = ChinaTime.FormatIso(PublishedAt),
            ["temporalCoverage"] = Year.ToString(CultureInfo.InvariantCulture),
            ["version"] = Version.ToString(CultureInfo.InvariantCulture),
            ["publisher"] = publisher,
            ["author"] = publisher.DeepClone(),
        };
        if (IndexNumber is { } index) node["reportNumber"] = index;
        return node.ToJsonString(JsonLdOptions);
    }

    private static void Item(StringBuilder sb, string term, string html, string? ddClass = null) =>
        sb.Append("<div><dt>").Append(term).Append("</dt><dd").Append(ddClass is null ? "" : $" class=\"{ddClass}\"").Append('>')
            .Append(html).Append("</dd></div>\n");
}
