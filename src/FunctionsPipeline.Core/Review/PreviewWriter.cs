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

/// <summary>
/// What the preview step did: a preview written (<see cref="Preview"/>), or nothing because the data is already live
/// (<see cref="SameAsPublished"/>). <see cref="Superseded"/>: the earlier upload of the same body and year this preview
/// replaced in the review queue (its status becomes superseded). A preview whose own <see cref="PreviewRecord.SupersededBy"/>
/// is set came from an upload older than the one already waiting: it waits for nothing.
/// </summary>
public sealed record PreviewResult(PreviewRecord? Preview, ManifestEntry? SameAsPublished, IReadOnlyList<StatusLink> Links)
{
    public string? Superseded { get; init; }
}

/// <summary>
/// The last stage in ReviewRequired mode, instead of publishing: writes what would be published into <c>previews</c>
/// (see <see cref="PreviewStore"/> for the layout) and renders the draft notice (<see cref="NoticePage"/> as a draft),
/// the warnings page and, for a correction, the changed cells and sections against the live version
/// (<see cref="ReportDiff"/>). The record (<c>preview.json</c>, with every file's SHA-256) is written last: only then is
/// the preview approvable. Writes nothing to the site.
/// <para>
/// The review queue holds one preview per body and year, the latest upload's (by the upload blob's last-modified time,
/// not by processing order): a later upload supersedes the pending one (its record names the newer upload and its
/// changes against it are shown, <c>changes-superseded.html</c>); an older upload processed late is previewed for the
/// record but superseded at once. <c>_pending/{slug}/{year}.json</c> names the pending upload.
/// </para>
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
        var uploadedAt = await store.UploadedAtAsync(uploadName, cancellationToken) ?? time.GetUtcNow();
        // The review queue: the upload pending for this body and year, if another one is.
        var pending = await store.GetPendingAsync(report.Body, report.Year, cancellationToken);
        (PreviewRecord Record, Azure.ETag ETag)? other = null;
        if (pending is { Upload: var pendingUpload } && pendingUpload != uploadName &&
            await store.GetAsync(pendingUpload, cancellationToken) is { } found && found.Record.IsPending)
        {
            other = found;
        }
        var late = other is { } waiting && (waiting.Record.UploadedAt ?? waiting.Record.PreviewedAt) > uploadedAt;
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
            UploadedAt = uploadedAt,
            Supersedes = late ? null : other?.Record.Upload,
            SupersededBy = late ? other!.Value.Record.Upload : null,
        };
        var entry = new ManifestEntry(report.Body, report.Year, plan.NextVersion, now, record.Kind, report.Title,
            SiteSlug.ForBody(report.Body), pdf.Path, $"{folder}/{SitePublisher.HtmlFile}", $"{folder}/{NoticePage.FileName}",
            $"{folder}/{SitePublisher.ReportDataFile}", pdf.Sha256, pdf.Bytes, plan.ContentSha256, ofd.Path, ofd.Sha256, ofd.Bytes, IndexSerial: plan.IndexSerial);
        var draft = new NoticeDraft(publisher.UrlOf(SiteSlug.YearFolder(report.Body, report.Year) + "/"));
        await Put("notice", NoticePage.FileName, Utf8(NoticePage.Render(new NoticeContent(entry, report, live, changes), draft)), HtmlType);
        await Put("warnings", PreviewStore.WarningsFile, Utf8(FindingsHtmlReport.Render(uploadName, validation, now)), HtmlType);
        if (changes is not null) await Put("changes", PreviewStore.ChangesFile, Utf8(ReviewPages.Changes(record, changes)), HtmlType);
        if (!late && other is { } older && older.Record.File("report-json") is { } olderData)
        {
            // What the clerk changed since the preview this one replaces.
            var fixedSince = ReportDiff.Compare(ReportJson.Deserialize(await store.ReadAsync(olderData.Path, cancellationToken)), report);
            await Put("changes-superseded", PreviewStore.SupersededChangesFile, Utf8(ReviewPages.ChangesSinceSuperseded(record, older.Record, fixedSince)), HtmlType);
        }

        var root = PreviewStore.Root(uploadName);
        await store.WriteAsync(root + SiteStyles.FileName, new BinaryData(Utf8(SiteStyles.Css + ReviewPages.DraftCss)), "text/css; charset=utf-8", cancellationToken);
        record = record with { Files = files.ToArray() };
        var index = Utf8(ReviewPages.Index(record, folder[root.Length..], changes));
        await store.WriteAsync(root + PreviewStore.IndexFile, new BinaryData(index), HtmlType, cancellationToken);

        // Last: from now on the preview can be approved.
        await store.WriteRecordAsync(record, ifMatch: null, cancellationToken);
        logger.LogInformation("Preview of {Upload} ({Body} {Year}, {Kind}) written, version {Version}", uploadName, report.Body, report.Year, record.Kind, version);
        if (late)
        {
            logger.LogInformation("{Upload} is older than {Pending}, which stays the pending preview of {Body} {Year}", uploadName, other!.Value.Record.Upload, report.Body, report.Year);
            return new PreviewResult(record, null, Links(record));
        }
        var superseded = other is { } replaced && await MarkSupersededAsync(replaced.Record, replaced.ETag, uploadName, cancellationToken) ? replaced.Record.Upload : null;
        try
        {
            await store.SetPendingAsync(report.Body, report.Year, uploadName, pending?.ETag, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            logger.LogWarning("Another upload of {Body} {Year} was previewed at the same moment as {Upload}; the pending pointer keeps the other", report.Body, report.Year, uploadName);
        }
        return new PreviewResult(record, null, Links(record)) { Superseded = superseded };
    }

    /// <summary>Marks the earlier pending preview superseded, unless a reviewer decided on it meanwhile (then it stands).</summary>
    private async Task<bool> MarkSupersededAsync(PreviewRecord older, Azure.ETag eTag, string newer, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteRecordAsync(older with { SupersededBy = newer }, eTag, cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 412)
        {
            logger.LogWarning("The preview of {Upload} changed while {Newer} superseded it; it stands as decided", older.Upload, newer);
            return false;
        }
    }

    /// <summary>The preview's links for the status record and the CLI (private blob URLs: readable with the reviewer's rights).</summary>
    public IReadOnlyList<StatusLink> Links(PreviewRecord record)
    {
        var links = new List<StatusLink> { new("preview", store.UrlOf(PreviewStore.Root(record.Upload) + PreviewStore.IndexFile).AbsoluteUri) };
        foreach (var kind in new[] { "notice", "changes", "changes-superseded", "warnings", "pdf", "ofd", "html" })
        {
            if (record.File(kind) is { } file) links.Add(new($"preview-{kind}", store.UrlOf(file.Path).AbsoluteUri));
        }
        links.Add(new("preview-record", store.UrlOf(PreviewStore.RecordPath(record.Upload)).AbsoluteUri));
        return links;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
