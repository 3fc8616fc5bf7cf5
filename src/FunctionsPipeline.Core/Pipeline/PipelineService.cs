using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>
/// The one orchestration of an upload, used by the Functions app, <c>fp serve</c>/<c>fp demo</c>,
/// <c>fp publish</c> and the tests: limits → parse → validate (against the previous publication) →
/// document → PDF → publish, then the status record <c>results/{name}.json</c> (see <see cref="ResultNames"/>).
/// <para>
/// Never deletes or changes the upload; never shows a stack trace to the clerk. Storage failures throw
/// (the trigger retries; after the poison threshold <see cref="RecordFailedAsync"/> records <c>failed</c>);
/// every other problem ends as a status. The same blob ETag is processed once: a second delivery
/// returns the recorded status.
/// </para>
/// </summary>
public sealed class PipelineService : IUploadProcessor
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string HtmlType = "text/html; charset=utf-8";

    private readonly BlobContainerClient _results;
    private readonly BlobContainerClient _uploads;
    private readonly PipelineOptions _options;
    private readonly SitePublisher _publisher;
    private readonly PdfRenderer _renderer;
    private readonly ValidationContextFactory _contexts;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineService> _logger;
    private readonly IReadOnlyList<IPipelineObserver> _observers;
    private volatile bool _resultsReady;

    public PipelineService(BlobServiceClient storage, IOptions<PipelineOptions> options, SitePublisher publisher, PdfRenderer renderer,
        ValidationContextFactory contexts, TimeProvider time, ILogger<PipelineService> logger, IEnumerable<IPipelineObserver>? observers = null)
    {
        _options = options.Value;
        _results = storage.GetBlobContainerClient(_options.ResultsContainer);
        _uploads = storage.GetBlobContainerClient(_options.UploadsContainer);
        _publisher = publisher;
        _renderer = renderer;
        _contexts = contexts;
        _time = time;
        _logger = logger;
        _observers = observers?.ToArray() ?? [];
    }

    public BlobContainerClient Results => _results;

    public BlobContainerClient Uploads => _uploads;

    public SitePublisher Publisher => _publisher;

    /// <summary>An upload blob (the trigger's entry): skips an ETag already processed, reads at most the size limit, then <see cref="ProcessAsync(string, Stream, string?, CancellationToken)"/>.</summary>
    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var clock = Stopwatch.StartNew();
        BlobProperties properties;
        try
        {
            properties = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted between the event and now: nothing to process, and retrying would not bring it back.
            _logger.LogWarning("Upload {Upload} no longer exists", uploadName);
            return await FinishAsync(new Run(this, uploadName, null).Status(UploadOutcome.Failed,
                $"文件“{uploadName}”在处理前已被删除，未作处理，网站未作任何更改。"), cancellationToken);
        }
        var eTag = properties.ETag.ToString();
        if (await GetStatusAsync(uploadName, cancellationToken) is { } done && done.ETag == eTag && done.Outcome != UploadOutcome.Failed)
        {
            _logger.LogInformation("Upload {Upload} ({ETag}) was already processed: {Outcome}", uploadName, eTag, done.Outcome);
            return done;
        }

        // Read into memory (bounded), so a storage failure surfaces here as a retryable error, not as a "damaged file".
        using var content = new MemoryStream((int)Math.Min(properties.ContentLength, _options.MaxUploadBytes + 1));
        if (properties.ContentLength > 0)
        {
            // Over the limit: read one byte more than allowed, enough for the reader to reject it as too large.
            var download = await upload.DownloadStreamingAsync(new BlobDownloadOptions
            {
                Range = properties.ContentLength > _options.MaxUploadBytes ? new HttpRange(0, _options.MaxUploadBytes + 1) : default,
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, cancellationToken);
            await using (var body = download.Value.Content) await body.CopyToAsync(content, cancellationToken);
            content.Position = 0;
        }
        Stage(uploadName, PipelineStages.Download, clock.Elapsed);
        return await ProcessAsync(uploadName, content, eTag, cancellationToken);
    }

    /// <summary>Processes an upload's bytes (<c>fp publish</c>, tests).</summary>
    public Task<UploadStatus> ProcessAsync(string uploadName, Stream content, CancellationToken cancellationToken) =>
        ProcessAsync(uploadName, content, eTag: null, cancellationToken);

    public async Task<UploadStatus> ProcessAsync(string uploadName, Stream content, string? eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadName);
        ArgumentNullException.ThrowIfNull(content);
        var run = new Run(this, uploadName, eTag);
        using var scope = _logger.BeginScope("Upload {Upload}", uploadName);
        try
        {
            var status = await RunStagesAsync(run, content, cancellationToken);
            return await FinishAsync(status, cancellationToken);
        }
        catch (Exception ex) when (!IsTransient(ex, cancellationToken))
        {
            // A defect or a broken deployment (e.g. fonts missing): retrying will not help. Log it for the
            // operator under an id; the clerk gets that id and a plain sentence, never the exception.
            var incident = Guid.NewGuid().ToString("N")[..8];
            _logger.LogError(ex, "Upload {Upload} failed unexpectedly (incident {Incident})", uploadName, incident);
            return await FinishAsync(run.Status(UploadOutcome.Failed,
                $"处理文件“{uploadName}”时发生内部错误，网站未作任何更改。请联系管理员并提供错误编号 {incident}。"), cancellationToken);
        }
    }

    /// <summary>The trigger gave up (poison threshold): records <c>failed</c> unless that ETag already finished.</summary>
    public async Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken)
    {
        if (await GetStatusAsync(uploadName, cancellationToken) is { } done && eTag is not null && done.ETag == eTag && done.Outcome != UploadOutcome.Failed)
        {
            return done;
        }
        var run = new Run(this, uploadName, eTag);
        _logger.LogWarning("Upload {Upload} ({ETag}) failed after repeated storage errors", uploadName, eTag);
        return await FinishAsync(run.Status(UploadOutcome.Failed,
            $"文件“{uploadName}”多次处理均因存储服务暂时不可用而失败，网站未作任何更改。请稍后重新上传；如仍失败，请联系管理员。"), cancellationToken);
    }

    /// <summary>
    /// Records <c>rejected</c> (<see cref="PipelineCodes.UploadNameInvalid"/>) for every upload whose name no blob URL
    /// can address (see <see cref="IsUnaddressable"/>) and whose current version has no status record yet: the blob
    /// trigger builds a URL from such a name, the URL resolves the dot segments, and the function is never called, so
    /// without this sweep the clerk would get no outcome at all. Lists names only; never reads, deletes or changes the
    /// upload. Returns how many records it wrote.
    /// </summary>
    public async Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken)
    {
        if (!await _uploads.ExistsAsync(cancellationToken)) return 0;
        var recorded = 0;
        await foreach (var item in _uploads.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (!IsUnaddressable(item.Name)) continue;
            // A listing gives the ETag bare (0x8D…); the trigger and GetProperties give it quoted: record it as they do.
            var eTag = item.Properties.ETag?.ToString() is { } listed ? (listed.StartsWith('"') ? listed : $"\"{listed}\"") : null;
            if (await GetStatusAsync(item.Name, cancellationToken) is { } done && done.ETag == eTag) continue;

            var name = item.Name;
            _logger.LogWarning("Upload {Upload} has a name no blob URL can address; recording it as rejected", name);
            var problem = new FileProblem(PipelineCodes.UploadNameInvalid, name,
                $"文件名“{name}”含有“..”或“.”路径段，存储服务无法按此名称安全读取，未作处理，网站未作任何更改。请将文件改名（不含“..”和“/”）后重新上传。");
            var run = new Run(this, name, eTag);
            run.Time(PipelineStages.Check);
            await FinishAsync(await RejectAsync(run, ValidationResult.FromFileProblem(problem), cancellationToken), cancellationToken);
            recorded++;
        }
        return recorded;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await _uploads.ExistsAsync(cancellationToken)) yield break;
        // Storage's own clock (LastModified), not the pipeline's publication clock, which tests may fix.
        var before = DateTimeOffset.UtcNow - olderThan;
        await foreach (var item in _uploads.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (IsUnaddressable(item.Name) || item.Properties.LastModified is not { } modified || modified > before) continue;
            var eTag = item.Properties.ETag?.ToString() is { } listed ? (listed.StartsWith('"') ? listed : $"\"{listed}\"") : null;
            if (await GetStatusAsync(item.Name, cancellationToken) is { } done && done.ETag == eTag) continue;
            yield return (item.Name, _uploads.GetBlobClient(item.Name));
        }
    }

    /// <summary>
    /// True if a blob URL cannot carry the name unchanged: it has a <c>.</c> or <c>..</c> segment (URLs resolve them),
    /// or the SDK's client for it ends up at another name.
    /// </summary>
    public bool IsUnaddressable(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Split('/').Any(segment => segment is "." or "..")) return true;
        var client = _uploads.GetBlobClient(blobName);
        return client.Name != blobName || new BlobUriBuilder(client.Uri).BlobName != blobName;
    }

    /// <summary>The status record of an upload, or null if it has none yet.</summary>
    public async Task<UploadStatus?> GetStatusAsync(string uploadName, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await _results.GetBlobClient(ResultNames.Status(uploadName)).DownloadContentAsync(cancellationToken);
            return UploadStatus.FromJson(content.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<UploadStatus> RunStagesAsync(Run run, Stream content, CancellationToken cancellationToken)
    {
        var name = run.Upload;
        var extension = Path.GetExtension(name);
        if (!_options.AllowedExtensionSet.Contains(extension))
        {
            var allowed = string.Join("、", _options.AllowedExtensionSet.Order(StringComparer.Ordinal));
            var problem = new FileProblem(PipelineCodes.TypeNotAllowed, name,
                $"文件“{name}”的类型（{(extension.Length == 0 ? "无扩展名" : extension)}）不在允许上传的范围内，请上传 Excel 工作簿（{allowed}）。");
            run.Time(PipelineStages.Check);
            return await RejectAsync(run, ValidationResult.FromFileProblem(problem), cancellationToken);
        }
        run.Time(PipelineStages.Check);

        var parsed = WorkbookReader.Read(content, name, WorkbookLimits.Default with { MaxFileBytes = _options.MaxUploadBytes });
        run.Time(PipelineStages.Parse);

        AnnualReport? previous = null;
        if (parsed.Workbook is { } workbook && BodyAndYear(workbook) is var (body, year))
        {
            previous = await _publisher.GetLatestForBodyAsync(body, year, cancellationToken);
        }
        run.Time(PipelineStages.Previous);

        var validation = ReportValidator.Validate(parsed, _contexts.Create(previous));
        run.Time(PipelineStages.Validate);
        if (validation.Report is not { } report) return await RejectAsync(run, validation, cancellationToken);

        var document = DocumentBuilder.Build(report);
        run.Time(PipelineStages.Document);

        byte[] pdf;
        try
        {
            pdf = _renderer.Render(document, _time.GetUtcNow());
        }
        catch (MissingGlyphException missing)
        {
            run.Time(PipelineStages.Render);
            var glyph = GlyphFinding(missing, parsed.Workbook!);
            return await RejectAsync(run, validation with { Errors = [glyph], Report = null }, cancellationToken);
        }
        run.Time(PipelineStages.Render);

        var published = await _publisher.PublishAsync(report, document, pdf, cancellationToken);
        run.Time(PipelineStages.Publish);

        var links = new List<StatusLink>
        {
            new("pdf", published.Urls.Pdf.AbsoluteUri),
            new("html", published.Urls.Html.AbsoluteUri),
            new("notice", published.Urls.Notice.AbsoluteUri),
            new("index", published.Urls.Index.AbsoluteUri),
        };
        var (outcome, message) = published.Outcome switch
        {
            PublishOutcome.Unchanged => (UploadOutcome.Unchanged,
                $"《{report.Title}》与已发布的第 {published.Version} 版内容相同，未重复发布。"),
            PublishOutcome.Corrected => (UploadOutcome.Published,
                $"已发布《{report.Title}》更正版本（第 {published.Version} 版），并发布更正公告。"),
            _ => (UploadOutcome.Published, $"已发布《{report.Title}》（第 {published.Version} 版）。"),
        };
        if (validation.Warnings.Count > 0) message += $"另有 {validation.Warnings.Count} 条提示，请核对。";
        return run.Status(outcome, message) with
        {
            Body = report.Body,
            Year = report.Year,
            Version = published.Version,
            Warnings = validation.Warnings.Count,
            Links = links,
        };
    }

    private async Task<UploadStatus> RejectAsync(Run run, ValidationResult validation, CancellationToken cancellationToken)
    {
        await EnsureResultsAsync(cancellationToken);
        var jsonName = ResultNames.FindingsJson(run.Upload);
        var htmlName = ResultNames.FindingsHtml(run.Upload);
        await UploadAsync(jsonName, FindingsJson.Serialize(run.Upload, validation), JsonType, cancellationToken);
        await UploadAsync(htmlName, FindingsHtmlReport.Render(run.Upload, validation, _time.GetUtcNow()), HtmlType, cancellationToken);
        var first = validation.Errors.FirstOrDefault();
        var where = first is null || first.Location.Length == 0 ? "" : $"（{first.Location}）";
        var message = $"文件“{run.Upload}”未通过检查，发现 {validation.Errors.Count} 处错误，网站未作任何更改。" +
                      (first is null ? "" : $"第一处{where}：{first.Message}") +
                      $" 完整检查结果见 {htmlName}，修改后请重新上传。";
        return run.Status(UploadOutcome.Rejected, message) with
        {
            Errors = validation.Errors.Count,
            Warnings = validation.Warnings.Count,
            Links = [new("findings-html", _results.GetBlobClient(htmlName).Uri.AbsoluteUri), new("findings-json", _results.GetBlobClient(jsonName).Uri.AbsoluteUri)],
        };
    }

    private async Task<UploadStatus> FinishAsync(UploadStatus status, CancellationToken cancellationToken)
    {
        await EnsureResultsAsync(cancellationToken);
        await UploadAsync(ResultNames.Status(status.Upload), status.ToJson(), JsonType, cancellationToken);
        _logger.LogInformation("Upload {Upload} {Outcome}: {Timings}", status.Upload, status.Outcome,
            string.Join(", ", status.Timings.Select(t => $"{t.Stage} {t.Milliseconds:F0} ms")));
        foreach (var observer in _observers) observer.Finished(status);
        return status;
    }

    private async Task EnsureResultsAsync(CancellationToken cancellationToken)
    {
        if (_resultsReady) return;
        await _results.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        _resultsReady = true;
    }

    private Task UploadAsync(string blobName, string text, string contentType, CancellationToken cancellationToken) =>
        _results.GetBlobClient(blobName).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text)), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
        }, cancellationToken);

    private void Stage(string upload, string stage, TimeSpan elapsed)
    {
        foreach (var observer in _observers) observer.StageCompleted(upload, stage, elapsed);
    }

    /// <summary>Storage trouble (or our own cancellation) is retried by the trigger; everything else is final.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => cancellationToken.IsCancellationRequested || ex.InnerException is TimeoutException,
        RequestFailedException or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(e => IsTransient(e, cancellationToken)),
        _ => ex.InnerException is RequestFailedException or HttpRequestException,
    };

    private static (string Body, int Year)? BodyAndYear(ParsedWorkbook workbook)
    {
        var body = (workbook[ReportFields.Body]?.Value as string)?.Trim();
        var year = workbook[ReportFields.Year]?.Value switch
        {
            double d when d == Math.Floor(d) => (int)d,
            string s when int.TryParse(s.Trim().TrimEnd('年'), NumberStyles.None, CultureInfo.InvariantCulture, out var y) => y,
            _ => (int?)null,
        };
        return string.IsNullOrEmpty(body) || year is null ? null : (body, year.Value);
    }

    /// <summary>A missing glyph becomes an error at the cell that holds the character, so the clerk can fix it.</summary>
    private static Finding GlyphFinding(MissingGlyphException missing, ParsedWorkbook workbook)
    {
        var text = missing.Character.ToString();
        var cell = workbook.Fields.Values.FirstOrDefault(c => c.Value is string s && s.Contains(text, StringComparison.Ordinal));
        return new Finding(PipelineCodes.GlyphMissing, Severity.Error, cell?.At.Sheet ?? "", cell?.At.Address ?? "",
            $"字符“{text}”（{missing.CodePoint}）不在报告所用字体中，PDF 中会显示为空白。请删除该字符（如表情符号）或改用常用汉字。",
            Actual: missing.CodePoint);
    }

    /// <summary>Timings of one run, stage by stage, reported to the observers as they happen.</summary>
    private sealed class Run(PipelineService owner, string upload, string? eTag)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<StageTiming> _timings = [];
        private TimeSpan _last;

        public string Upload => upload;

        public void Time(string stage)
        {
            var now = _clock.Elapsed;
            var elapsed = now - _last;
            _last = now;
            _timings.Add(new StageTiming(stage, Math.Round(elapsed.TotalMilliseconds, 1)));
            owner.Stage(upload, stage, elapsed);
        }

        public UploadStatus Status(UploadOutcome outcome, string message) => new()
        {
            Upload = upload,
            Outcome = outcome,
            Message = message,
            ETag = eTag,
            ProcessedAt = owner._time.GetUtcNow(),
            Timings = [.. _timings, new StageTiming("total", Math.Round(_clock.Elapsed.TotalMilliseconds, 1))],
        };
    }
}
