using FunctionsPipeline.Core.Publishing.Pages;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Validation;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Review;

/// <summary>What the preview step did: a preview written (<see cref="Preview"/>), or nothing because the data is already live (<see cref="SameAsPublished"/>).</summary>
public sealed record PreviewResult(PreviewRecord? Preview, ManifestEntry? SameAsPublished, IReadOnlyList<StatusLink> Links);

/// <summary>
/// The last stage in ReviewRequired mode, instead of publishing: writes what would be published into <c>previews</c>
/// (see <see cref="PreviewStore"/> for the layout) and renders the draft notice (<see cref="NoticePage"/> as a draft),
/// the warnings page and, for a correction, the changed cells and sections against the live version
/// (<see cref="ReportDiff"/>). The record (<c>preview.json</c>, with every file's SHA-256) is written last: only then is
/// the preview approvable. Writes nothing to the site.
/// </summary>
public sealed class PreviewWriter(PreviewStore store, SitePublisher publisher, TimeProvider time, ILogger<PreviewWriter> logger)
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string JsonType = "application/json; charset=utf-8";

    /// <param name="version">SHA-256 of the uploaded bytes: what an approval names.</param>
    /// <param name="uploadETag">The upload blob's ETag (null for bytes not read from <c>uploads</c>, e.g. <c>fp publish --review</c>).</param>
    public async Task<PreviewResult> WriteAsync(string uploadName, string version, string? uploadETag, ValidationResult validation,
        RenderedReport rendered, CancellationToken cancellationToken)
    {
        var report = validation.Report ?? throw new ArgumentException("only a valid report is previewed", nameof(validation));
        var data = ReportJson.Serialize(report);
        // The same plan the publication will follow: what is live, and what this upload changes in it.
        var plan = await publisher.PlanAsync(report, cancellationToken);
        if (plan.Kind == PublicationPlanKind.Unchanged)
        {
            // Publishing would change nothing: no review needed.
            var same = plan.Live!;
            return new PreviewResult(null, same, [new("pdf", publisher.UrlOf(same.Pdf).AbsoluteUri), new("notice", publisher.UrlOf(same.Notice).AbsoluteUri)]);
        }
        var (live, changes) = (plan.Live, plan.Changes);

        var now = ChinaTime.ToChina(time.GetUtcNow());
        var folder = PreviewStore.DraftFolder(uploadName, report.Body, report.Year);
        var files = new List<PreviewFile>();
        async Task<PreviewFile> Put(string kind, string file, byte[] bytes, string contentType)
        {
            var path = $"{folder}/{file}";
            await store.WriteAsync(path, new BinaryData(bytes), contentType, cancellationToken);
            var written = new PreviewFile(kind, path, Sha256.Hex(bytes), bytes.Length);
            files.Add(written);
            return written;
        }

        await Put("report-json", SitePublisher.ReportDataFile, data, JsonType);
        var pdf = await Put("pdf", SitePublisher.PdfFile, rendered.Pdf, "application/pdf");
        var ofd = await Put("ofd", SitePublisher.OfdFile, rendered.Ofd, OfdRenderer.ContentType);
        await Put("html", SitePublisher.HtmlFile, Encoding.UTF8.GetBytes(rendered.Html), HtmlType);

        var record = new PreviewRecord
        {
            Upload = uploadName,
            Version = version,
            UploadETag = uploadETag,
            Body = report.Body,
            Year = report.Year,
            Title = report.Title,
            Kind = plan.PublicationKind,
            LiveVersion = live?.Version,
            PreviewedAt = now,
            Warnings = validation.Warnings.Count,
        };
        var entry = new ManifestEntry(report.Body, report.Year, plan.NextVersion, now, record.Kind, report.Title,
            SiteSlug.ForBody(report.Body), pdf.Path, $"{folder}/{SitePublisher.HtmlFile}", $"{folder}/{NoticePage.FileName}",
            $"{folder}/{SitePublisher.ReportDataFile}", pdf.Sha256, pdf.Bytes, plan.ContentSha256, ofd.Path, ofd.Sha256, ofd.Bytes, IndexSerial: plan.IndexSerial);
        var draft = new NoticeDraft(publisher.UrlOf(SiteSlug.YearFolder(report.Body, report.Year) + "/"));
        await Put("notice", NoticePage.FileName, Utf8(NoticePage.Render(new NoticeContent(entry, report, live, changes), draft)), HtmlType);
        await Put("warnings", PreviewStore.WarningsFile, Utf8(FindingsHtmlReport.Render(uploadName, validation, now)), HtmlType);
        if (changes is not null) await Put("changes", PreviewStore.ChangesFile, Utf8(ReviewPages.Changes(record, changes)), HtmlType);

        var root = PreviewStore.Root(uploadName);
        await store.WriteAsync(root + SiteStyles.FileName, new BinaryData(Utf8(SiteStyles.Css + ReviewPages.DraftCss)), "text/css; charset=utf-8", cancellationToken);
        record = record with { Files = files.ToArray() };
        var index = Utf8(ReviewPages.Index(record, folder[root.Length..], changes));
        await store.WriteAsync(root + PreviewStore.IndexFile, new BinaryData(index), HtmlType, cancellationToken);

        // Last: from now on the preview can be approved.
        await store.WriteRecordAsync(record, ifMatch: null, cancellationToken);
        logger.LogInformation("Preview of {Upload} ({Body} {Year}, {Kind}) written, version {Version}", uploadName, report.Body, report.Year, record.Kind, version);
        return new PreviewResult(record, null, Links(record));
    }

    /// <summary>The preview's links for the status record and the CLI (private blob URLs: readable with the reviewer's rights).</summary>
    public IReadOnlyList<StatusLink> Links(PreviewRecord record)
    {
        var links = new List<StatusLink> { new("preview", store.UrlOf(PreviewStore.Root(record.Upload) + PreviewStore.IndexFile).AbsoluteUri) };
        foreach (var kind in new[] { "notice", "changes", "warnings", "pdf", "ofd", "html" })
        {
            if (record.File(kind) is { } file) links.Add(new($"preview-{kind}", store.UrlOf(file.Path).AbsoluteUri));
        }
        links.Add(new("preview-record", store.UrlOf(PreviewStore.RecordPath(record.Upload)).AbsoluteUri));
        return links;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
