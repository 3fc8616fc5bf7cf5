using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// An upload's whole life, for the Functions app, <c>fp serve</c>/<c>fp demo</c>, <c>fp publish</c> and the tests:
/// receive it (skip a version whose outcome is final, see <see cref="UploadTransitions"/>), download it within the
/// size limit, hand it to the stages (<see cref="ReportPipeline"/>), and record its outcome in <c>results</c>
/// (<see cref="UploadRecords"/>); also the poison outcome and the sweep for uploads the trigger never hands over.
/// <para>
/// Never deletes or changes the upload; never shows a stack trace to the clerk. Storage failures throw (the trigger
/// retries; after the poison threshold <see cref="RecordFailedAsync"/> records <c>failed</c>); every other problem
/// ends as a status. Every recorded outcome is also handed to the <see cref="INotifier"/> (webhooks), which never fails it.
/// </para>
/// </summary>
public sealed class UploadLifecycle(
    UploadContainers containers,
    UploadRecords records,
    ReportPipeline stages,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<UploadLifecycle> logger,
    IEnumerable<IPipelineObserver>? observers = null,
    INotifier? notifier = null) : IUploadProcessor
{
    private readonly IReadOnlyList<IPipelineObserver> _observers = observers?.ToArray() ?? [];

    public UploadContainers Containers => containers;

    /// <summary>The trigger's entry: skips a version already finished, reads at most the size limit, then processes the bytes.</summary>
    public async Task<UploadStatus> ProcessAsync(string uploadName, BlobClient upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var clock = Clock(uploadName);
        BlobProperties properties;
        try
        {
            properties = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted between the event and now: nothing to process, and retrying would not bring it back.
            logger.LogWarning("Upload {Upload} no longer exists", uploadName);
            return await RecordAsync(Status(clock, null, UploadOutcome.Failed, $"文件“{uploadName}”在处理前已被删除，未作处理，网站未作任何更改。"), cancellationToken);
        }
        var eTag = properties.ETag.ToString();
        if (await records.GetAsync(uploadName, cancellationToken) is { } done && UploadTransitions.IsFinal(done, eTag))
        {
            logger.LogInformation("Upload {Upload} ({ETag}) was already processed: {Outcome}", uploadName, eTag, done.Outcome);
            return done;
        }

        // Read into memory (bounded), so a storage failure surfaces here as a retryable error, not as a "damaged file".
        var limit = options.Value.MaxUploadBytes;
        using var content = new MemoryStream((int)Math.Min(properties.ContentLength, limit + 1));
        if (properties.ContentLength > 0)
        {
            // Over the limit: read one byte more than allowed, enough for the reader to reject it as too large.
            var download = await upload.DownloadStreamingAsync(new BlobDownloadOptions
            {
                Range = properties.ContentLength > limit ? new HttpRange(0, limit + 1) : default,
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, cancellationToken);
            await using (var body = download.Value.Content) await body.CopyToAsync(content, cancellationToken);
            content.Position = 0;
        }
        clock.Observe(PipelineStages.Download);
        return await ProcessAsync(uploadName, content, eTag, cancellationToken);
    }

    /// <summary>Processes an upload's bytes (<c>fp publish</c>, tests).</summary>
    public Task<UploadStatus> ProcessAsync(string uploadName, Stream content, CancellationToken cancellationToken) =>
        ProcessAsync(uploadName, content, eTag: null, cancellationToken);

    public async Task<UploadStatus> ProcessAsync(string uploadName, Stream content, string? eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadName);
        ArgumentNullException.ThrowIfNull(content);
        var clock = Clock(uploadName);
        using var scope = logger.BeginScope("Upload {Upload}", uploadName);
        UploadStatus status;
        try
        {
            var result = await stages.RunAsync(uploadName, content, clock, $"{uploadName}\n{eTag}", eTag, cancellationToken);
            status = result.Publication is { } published ? Published(clock, eTag, result.Validation, published)
                : result.Preview is { } preview ? Previewed(clock, eTag, result.Validation, preview)
                : await RejectedAsync(clock, eTag, result.Validation, cancellationToken);
        }
        catch (Exception ex) when (!StorageErrors.IsUnavailable(ex, cancellationToken))
        {
            // A defect or a broken deployment (e.g. fonts missing): retrying will not help. Log it for the
            // operator under an id; the clerk gets that id and a plain sentence, never the exception.
            var incident = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(ex, "Upload {Upload} failed unexpectedly (incident {Incident})", uploadName, incident);
            status = Status(clock, eTag, UploadOutcome.Failed,
                $"处理文件“{uploadName}”时发生内部错误，网站未作任何更改。请联系管理员并提供错误编号 {incident}。");
        }
        return await RecordAsync(status, cancellationToken);
    }

    /// <summary>The trigger gave up (poison threshold): records <c>failed</c> unless that version already has a final outcome.</summary>
    public async Task<UploadStatus> RecordFailedAsync(string uploadName, string? eTag, CancellationToken cancellationToken)
    {
        if (await records.GetAsync(uploadName, cancellationToken) is { } done && UploadTransitions.IsFinal(done, eTag)) return done;
        logger.LogWarning("Upload {Upload} ({ETag}) failed after repeated storage errors", uploadName, eTag);
        return await RecordAsync(Status(Clock(uploadName), eTag, UploadOutcome.Failed,
            $"文件“{uploadName}”多次处理均因存储服务暂时不可用而失败，网站未作任何更改。请稍后重新上传；如仍失败，请联系管理员。"), cancellationToken);
    }

    /// <summary>
    /// Records <c>rejected</c> (<see cref="PipelineCodes.UploadNameInvalid"/>) for every upload whose name no blob URL
    /// can address (<see cref="UploadContainers.IsUnaddressable"/>) and whose current version has no status record yet:
    /// the blob trigger builds a URL from such a name, the URL resolves the dot segments, and the function is never
    /// called, so without this sweep the clerk would get no outcome at all. Lists names only; never reads, deletes or
    /// changes the upload. Returns how many records it wrote.
    /// </summary>
    public async Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken)
    {
        var recorded = 0;
        await foreach (var (name, eTag) in ListWithoutStatusAsync(item => containers.IsUnaddressable(item.Name), cancellationToken))
        {
            logger.LogWarning("Upload {Upload} has a name no blob URL can address; recording it as rejected", name);
            var problem = new FileProblem(PipelineCodes.UploadNameInvalid, name,
                $"文件名“{name}”含有“..”或“.”路径段，存储服务无法按此名称安全读取，未作处理，网站未作任何更改。请将文件改名（不含“..”和“/”）后重新上传。");
            var clock = Clock(name);
            clock.Time(PipelineStages.Check);
            await RecordAsync(await RejectedAsync(clock, eTag, ValidationResult.FromFileProblem(problem), cancellationToken), cancellationToken);
            recorded++;
        }
        return recorded;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<(string Name, BlobClient Upload)> FindUnprocessedUploadsAsync(TimeSpan olderThan,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Storage's own clock (LastModified), not the pipeline's publication clock, which tests may fix.
        var before = DateTimeOffset.UtcNow - olderThan;
        var missed = ListWithoutStatusAsync(item =>
            !containers.IsUnaddressable(item.Name) && item.Properties.LastModified is { } written && written <= before, cancellationToken);
        await foreach (var (name, _) in missed) yield return (name, containers.Uploads.GetBlobClient(name));
    }

    /// <summary>The status record of an upload, or null if it has none yet.</summary>
    public Task<UploadStatus?> GetStatusAsync(string uploadName, CancellationToken cancellationToken = default) =>
        records.GetAsync(uploadName, cancellationToken);

    /// <summary>Uploads that match <paramref name="filter"/> and whose current version has no status record (of any outcome) yet.</summary>
    private async IAsyncEnumerable<(string Name, string? ETag)> ListWithoutStatusAsync(Func<BlobItem, bool> filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await containers.Uploads.ExistsAsync(cancellationToken)) yield break;
        await foreach (var item in containers.Uploads.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (!filter(item)) continue;
            // A listing gives the ETag bare (0x8D…); the trigger and GetProperties give it quoted: compare as they do.
            var eTag = item.Properties.ETag?.ToString() is { } listed ? (listed.StartsWith('"') ? listed : $"\"{listed}\"") : null;
            if (await records.GetAsync(item.Name, cancellationToken) is { } done && done.ETag == eTag) continue;
            yield return (item.Name, eTag);
        }
    }

    private UploadStatus Published(StageClock clock, string? eTag, ValidationResult validation, PublishResult published)
    {
        var report = validation.Report!;
        var (outcome, message) = published.Outcome switch
        {
            PublishOutcome.Unchanged => (UploadOutcome.Unchanged, $"《{report.Title}》与已发布的第 {published.Version} 版内容相同，未重复发布。"),
            PublishOutcome.Joined => (UploadOutcome.Unchanged,
                $"《{report.Title}》与同时上传的另一文件内容相同，已并入同一次发布（第 {published.Version} 版），未重复发布。"),
            PublishOutcome.Corrected => (UploadOutcome.Published, $"已发布《{report.Title}》更正版本（第 {published.Version} 版），并发布更正公告。"),
            _ => (UploadOutcome.Published, $"已发布《{report.Title}》（第 {published.Version} 版）。"),
        };
        if (validation.Warnings.Count > 0) message += $"另有 {validation.Warnings.Count} 条提示，请核对。";
        return Status(clock, eTag, outcome, message) with
        {
            Body = report.Body,
            Year = report.Year,
            Version = published.Version,
            Warnings = validation.Warnings.Count,
            Links =
            [
                new("pdf", published.Urls.Pdf.AbsoluteUri),
                .. published.Urls.Ofd is { } ofd ? [new("ofd", ofd.AbsoluteUri)] : Array.Empty<StatusLink>(),
                new("html", published.Urls.Html.AbsoluteUri),
                new("notice", published.Urls.Notice.AbsoluteUri),
                new("index", published.Urls.Index.AbsoluteUri),
            ],
        };
    }

    /// <summary>ReviewRequired: awaiting-approval with the preview's links, or unchanged when the same data is already live.</summary>
    private UploadStatus Previewed(StageClock clock, string? eTag, ValidationResult validation, Review.PreviewResult preview)
    {
        var report = validation.Report!;
        if (preview.Preview is not { } record)
        {
            return Status(clock, eTag, UploadOutcome.Unchanged,
                $"《{report.Title}》与已发布的第 {preview.SameAsPublished!.Version} 版内容相同，无需审核，未重复发布。") with
            {
                Body = report.Body, Year = report.Year, Version = preview.SameAsPublished.Version, Warnings = validation.Warnings.Count, Links = preview.Links,
            };
        }
        var message = $"《{report.Title}》已生成审核预览（{(record.Kind == PublicationKind.Correction ? $"更正现行第 {record.LiveVersion} 版" : "首次发布")}），" +
                      "待审核通过后发布，网站暂未作任何更改。";
        if (validation.Warnings.Count > 0) message += $"另有 {validation.Warnings.Count} 条提示，请核对。";
        return Status(clock, eTag, UploadOutcome.AwaitingApproval, message) with
        {
            Body = report.Body, Year = report.Year, Warnings = validation.Warnings.Count, Links = preview.Links,
        };
    }

    private async Task<UploadStatus> RejectedAsync(StageClock clock, string? eTag, ValidationResult validation, CancellationToken cancellationToken)
    {
        var links = await records.WriteFindingsAsync(clock.Upload, validation, time.GetUtcNow(), cancellationToken);
        var first = validation.Errors.FirstOrDefault();
        var message = $"文件“{clock.Upload}”未通过检查，发现 {validation.Errors.Count} 处错误，网站未作任何更改。" +
                      (first is null ? "" : $"第一处：{first.Text}") +
                      $" 完整检查结果见 {ResultNames.FindingsHtml(clock.Upload)}，修改后请重新上传。";
        return Status(clock, eTag, UploadOutcome.Rejected, message) with
        {
            Errors = validation.Errors.Count,
            Warnings = validation.Warnings.Count,
            Links = links,
        };
    }

    private UploadStatus Status(StageClock clock, string? eTag, UploadOutcome outcome, string message) => new()
    {
        Upload = clock.Upload,
        Outcome = outcome,
        Message = message,
        ETag = eTag,
        ProcessedAt = time.GetUtcNow(),
        Timings = clock.Timings,
    };

    private async Task<UploadStatus> RecordAsync(UploadStatus status, CancellationToken cancellationToken)
    {
        await records.WriteAsync(status, cancellationToken);
        logger.LogInformation("Upload {Upload} {Outcome}: {Timings}", status.Upload, status.Outcome,
            string.Join(", ", status.Timings.Select(t => $"{t.Stage} {t.Milliseconds:F0} ms")));
        // After the record, so the delivery can add its outcome to it; never throws (see INotifier).
        if (notifier is not null) await notifier.NotifyAsync(status, cancellationToken);
        foreach (var observer in _observers) observer.Finished(status);
        return status;
    }

    private StageClock Clock(string uploadName) => new(uploadName, _observers);
}
