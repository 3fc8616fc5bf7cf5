using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Summary;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>
/// The stages, in one straight line, each used once: type check → read workbook → validate (against the body's previous
/// publication) → build document → glyph check → render PDF, HTML and OFD side by side → publish (which writes what it is
/// handed), or in <see cref="PublicationMode.ReviewRequired"/> write a preview instead (<see cref="PreviewWriter"/>). Knows nothing of blobs, ETags or status records: <see cref="Uploads.UploadLifecycle"/> calls it.
/// </summary>
public sealed class ReportPipeline(IOptions<PipelineOptions> options, IOptions<WorkbookLimits> limits, ValidationContextFactory contexts,
    PdfRenderer pdf, SitePublisher publisher, IPreviousReports previousReports, TimeProvider time, PreviewWriter previews,
    IRegisterSource? register = null, SummaryCheck? summaries = null)
{
    /// <summary>The reader's limits: the <c>Workbook</c> section, never above what the pipeline downloads (<c>Pipeline:MaxUploadBytes</c>).</summary>
    public WorkbookLimits Limits { get; } = limits.Value with { MaxFileBytes = Math.Min(limits.Value.MaxFileBytes, options.Value.MaxUploadBytes) };

    /// <param name="claimant">Who publishes (upload name and version): tells a retry of the same upload from another upload of the same data.</param>
    public Task<PipelineResult> RunAsync(string uploadName, Stream content, StageClock clock, string claimant, CancellationToken cancellationToken) =>
        RunAsync(uploadName, content, clock, claimant, uploadETag: null, cancellationToken);

    /// <param name="uploadETag">The upload blob's version, recorded in a preview (ReviewRequired) so an approval can tell a re-upload.</param>
    public async Task<PipelineResult> RunAsync(string uploadName, Stream content, StageClock clock, string claimant, string? uploadETag,
        CancellationToken cancellationToken)
    {
        // Review: the preview's version is the SHA-256 of the uploaded bytes (hashed before the reader consumes them).
        string? uploadVersion = null;
        if (options.Value.Publication == PublicationMode.ReviewRequired) (content, uploadVersion) = await HashAsync(content, cancellationToken);

        var refused = CheckType(uploadName);
        // With a register, the upload's folder names its body (Registry/UploadGate); without one, as ever.
        var registered = refused is null && register is not null ? await register.CurrentAsync(cancellationToken) : null;
        RegisteredBody? folderBody = null;
        if (registered is not null) (folderBody, refused) = UploadGate.Folder(registered, uploadName);
        clock.Time(PipelineStages.Check);
        if (refused is not null) return PipelineResult.Refused(refused);

        var parsed = WorkbookReader.Read(content, uploadName, Limits);
        clock.Time(PipelineStages.Parse);

        var context = contexts.Create();
        if (parsed.Workbook is { } workbook && ReportIdentity.Read(workbook, context) is var (body, year))
        {
            context = context with { Previous = await previousReports.FindAsync(body, year, cancellationToken) };
        }
        clock.Time(PipelineStages.Previous);

        var validation = ReportValidator.Validate(parsed, context);
        clock.Time(PipelineStages.Validate);
        if (validation.Report is not { } report) return PipelineResult.Rejected(validation);
        if (folderBody is not null && UploadGate.Identity(registered!, folderBody, parsed.Workbook!, report) is { Count: > 0 } mismatch)
        {
            return PipelineResult.Rejected(validation with { Errors = mismatch, Report = null });
        }
        // A 本级政府's report: its tables against the sum of the other registered bodies' published reports (warnings only).
        if (folderBody is { Type: BodyType.LocalGovernment } && summaries is not null
            && await summaries.CheckAsync(registered!, folderBody, report, parsed.Workbook, cancellationToken) is { Count: > 0 } differs)
        {
            validation = validation with { Warnings = [.. validation.Warnings, .. differs] };
        }

        var document = DocumentBuilder.Build(report);
        clock.Time(PipelineStages.Document);

        if (GlyphCheck.Reject(validation, document, parsed.Workbook, pdf) is { } missing)
        {
            clock.Time(PipelineStages.Render);
            return PipelineResult.Rejected(missing);
        }
        var rendered = Render(document);
        clock.Time(PipelineStages.Render);

        if (uploadVersion is not null)
        {
            var preview = await previews.WriteAsync(uploadName, uploadVersion, uploadETag, validation, rendered, cancellationToken);
            clock.Time(PipelineStages.Preview);
            return new PipelineResult(validation, null) { Preview = preview };
        }

        var published = await publisher.PublishAsync(report, rendered, claimant, cancellationToken);
        clock.Time(PipelineStages.Publish);
        return new PipelineResult(validation, published);
    }

    /// <summary>
    /// The PDF, the web page and the OFD of one document (the page sits in its version folder, four levels below the site
    /// root). The document is laid out once; the PDF and the OFD are drawn from that one layout at the same time.
    /// </summary>
    public RenderedReport Render(ReportDocument document)
    {
        var now = time.GetUtcNow();
        var layout = pdf.Lay(document);
        var pdfBytes = PdfRenderer.Render(document, layout, now);
        var ofdBytes = OfdRenderer.Render(document, layout, now);
        // The page as a reviewer reads it, marked 草稿; publishing renders the published page itself (the files as stored, the
        // catalogue header known only then).
        return new(pdfBytes, HtmlReportRenderer.Render(document, NoticePage.RootHref, ReportFiles.Of(pdfBytes, ofdBytes), draft: true), ofdBytes);
    }

    private static async Task<(Stream Content, string Sha256)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            content = copy;
        }
        var start = content.Position;
        var hash = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, cancellationToken));
        content.Position = start;
        return (content, hash);
    }

    private FileProblem? CheckType(string name)
    {
        var extension = Path.GetExtension(name);
        var allowedSet = options.Value.AllowedExtensionSet;
        if (allowedSet.Contains(extension)) return null;
        var allowed = string.Join("、", allowedSet.Order(StringComparer.Ordinal));
        return new FileProblem(PipelineCodes.TypeNotAllowed, name,
            $"文件“{name}”的类型（{(extension.Length == 0 ? "无扩展名" : extension)}）不在允许上传的范围内，请上传 Excel 工作簿（{allowed}）。");
    }
}
