using System.Runtime.InteropServices;
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
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Ledger;

using FunctionsPipeline.Core.Review;

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
/// <summary>
/// An upload's whole life, for the Functions app, <c>fp serve</c>/<c>fp demo</c>, <c>fp publish</c> and the tests, on the
/// request skeleton every blob request shares (<see cref="BlobRequestProcessor{TStatus}"/>): receive it (skip a version
/// whose outcome is final, see <see cref="UploadTransitions"/>), read it within the size limit, hand it to the stages
/// (<see cref="ReportPipeline"/>), and record its outcome in <c>results</c> (<see cref="UploadRecords"/>); also the poison
/// outcome, the sweep for uploads the trigger never hands over, a reviewer's decision (<see cref="RecordDecisionAsync"/>)
/// and the webhooks' delivery outcomes (<see cref="IDeliveryLog"/>).
/// <para>
/// The only writer of upload status records: every write is conditional on the record it read, and an outcome that the
/// transitions do not allow after the recorded one (a redelivery's <c>unchanged</c> after its own <c>published</c>), or
/// one about an upload version the blob no longer has, is not written: the newer record stands and is returned.
/// Never deletes or changes the upload; never shows a stack trace to the clerk. Every recorded outcome is also handed to
/// the <see cref="INotifier"/> (webhooks), which never fails it.
/// </para>
/// </summary>
public sealed class UploadLifecycle(
    StorageContainers containers,
    UploadRecords records,
    ResultRecords results,
    ReportPipeline stages,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<UploadLifecycle> logger,
    IEnumerable<IPipelineObserver>? observers = null,
    INotifier? notifier = null,
    ILedger? ledger = null) : BlobRequestProcessor<UploadStatus>(logger), IUploadProcessor, IDeliveryLog
{
    private const int MaxWriteAttempts = 8;
    private readonly IReadOnlyList<IPipelineObserver> _observers = observers?.ToArray() ?? [];

    public StorageContainers Containers => containers;

    protected override string Kind => "Upload";

    // Over the limit, one byte more than allowed is read: enough for the reader to reject it as too large.
    protected override long MaxBytes => options.Value.MaxUploadBytes;

    protected override async Task<UploadStatus?> FinalOutcomeAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await records.GetAsync(name, cancellationToken) is { } done && UploadTransitions.IsFinal(done, eTag) ? done : null;

    protected override UploadStatus Deleted(string name) =>
        Status(Clock(name), null, UploadOutcome.Failed, $"文件“{name}”在处理前已被删除，未作处理，网站未作任何更改。");

    protected override UploadStatus? TooLarge(string name, string eTag, long length) => null;

    protected override void Downloaded(string name, TimeSpan elapsed)
    {
        foreach (var observer in _observers) observer.StageCompleted(name, PipelineStages.Download, elapsed);
    }

    protected override UploadStatus Failed(string name, string? eTag, ReadOnlyMemory<byte> content, string incident) =>
        Status(Clock(name), eTag, UploadOutcome.Failed, $"处理文件“{name}”时发生内部错误，网站未作任何更改。请联系管理员并提供错误编号 {incident}。");

    protected override UploadStatus GaveUp(string name, string? eTag) =>
        Status(Clock(name), eTag, UploadOutcome.Failed, $"文件“{name}”多次处理均因存储服务暂时不可用而失败，网站未作任何更改。系统将在存储恢复后自动重试；如长时间仍未完成，请联系管理员。")
            with { Code = StorageErrors.GaveUpCode };

    /// <summary>The sweep processes a version without a record, or one that failed for a transient cause (<see cref="StorageErrors.GaveUpCode"/>).</summary>
    protected override async Task<bool> NeedsProcessingAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await records.GetAsync(name, cancellationToken) is not { } recorded || recorded.ETag != eTag ||
        (recorded.Outcome == UploadOutcome.Failed && recorded.Code == StorageErrors.GaveUpCode);

    /// <summary>Processes an upload's bytes (<c>fp publish</c>, tests).</summary>
    public Task<UploadStatus> ProcessAsync(string uploadName, Stream content, CancellationToken cancellationToken) =>
        ProcessAsync(uploadName, content, eTag: null, cancellationToken);

    public async Task<UploadStatus> ProcessAsync(string uploadName, Stream content, string? eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        // At most one byte more than allowed, as the trigger reads it.
        using var bounded = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while (bounded.Length <= MaxBytes && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, MaxBytes + 1 - bounded.Length)), cancellationToken)) > 0)
        {
            bounded.Write(buffer, 0, read);
        }
        return await ProcessAsync(uploadName, new ReadOnlyMemory<byte>(bounded.GetBuffer(), 0, (int)bounded.Length), eTag, cancellationToken);
    }

    protected override async Task<UploadStatus> DecideAsync(string uploadName, ReadOnlyMemory<byte> content, string? eTag, CancellationToken cancellationToken)
    {
        var clock = Clock(uploadName);
        // The bytes as read, not a copy (a workbook may be megabytes).
        using var stream = MemoryMarshal.TryGetArray(content, out var bytes)
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        // The claimant names this upload version: its redelivery finds the version it published and reports it again. Bytes
        // without a blob (fp publish) are a new upload each time.
        var claimant = $"{uploadName}\n{eTag ?? Guid.NewGuid().ToString("N")}";
        var result = await stages.RunAsync(uploadName, stream, clock, claimant, eTag, cancellationToken);
        if (result.Publication is null && result.Preview is null) return await RejectedAsync(clock, eTag, result.Validation, cancellationToken);
        // Warnings never stop a publication, but the clerk reads them: the page is written for every outcome that has any.
        var warnings = await WarningsAsync(clock, result.Validation, cancellationToken);
        if (result.Preview?.Superseded is { } older) await SupersedeAsync(older, uploadName, cancellationToken);
        return result.Publication is { } published ? Published(clock, eTag, result.Validation, published, warnings)
            : Previewed(clock, eTag, result.Validation, result.Preview!, warnings);
    }

    /// <summary>The earlier upload whose preview a later one of the same body and year replaced: superseded, if it still waits.</summary>
    private async Task SupersedeAsync(string older, string newer, CancellationToken cancellationToken)
    {
        if (await GetStatusAsync(older, cancellationToken) is not { Outcome: UploadOutcome.AwaitingApproval } waiting) return;
        await RecordAsync(waiting with
        {
            Outcome = UploadOutcome.Superseded, Code = ReviewCodes.UploadSuperseded, ProcessedAt = time.GetUtcNow(),
            Message = $"文件“{older}”的审核预览已被同一机关同一年度更晚上传的文件“{newer}”取代，以后者为准；本文件不再等待审核，网站未作任何更改。",
        }, cancellationToken);
    }

    /// <summary>
    /// A reviewer's decision on an upload awaiting approval (<c>Approvals</c>): recorded like any outcome (conditional, only
    /// where the transitions allow it) and announced. Returns the record as it stands.
    /// </summary>
    public Task<UploadStatus> RecordDecisionAsync(UploadStatus decided, CancellationToken cancellationToken) => RecordAsync(decided, cancellationToken);

    /// <summary>
    /// Records <c>rejected</c> (<see cref="PipelineCodes.UploadNameInvalid"/>) for every upload whose name no blob URL
    /// can address (<see cref="StorageContainers.IsUnaddressable"/>) and whose current version has no status record yet:
    /// the blob trigger builds a URL from such a name, the URL resolves the dot segments, and the function is never
    /// called, so without this sweep the clerk would get no outcome at all. Lists names only; never reads, deletes or
    /// changes the upload. Returns how many records it wrote.
    /// </summary>
    public async Task<int> RecordUnaddressableUploadsAsync(CancellationToken cancellationToken)
    {
        var recorded = 0;
        await foreach (var (name, eTag) in ListWithoutStatusAsync(item => containers.IsUnaddressable(item.Name), cancellationToken))
        {
            Logger.LogWarning("Upload {Upload} has a name no blob URL can address; recording it as rejected", name);
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
        var missed = RequestSweep.FindAsync(results, containers.Uploads, olderThan, item => !containers.IsUnaddressable(item.Name), NeedsProcessingAsync,
            cancellationToken);
        await foreach (var found in missed) yield return found;
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

    /// <summary>The warnings page and JSON of an upload that passed (none without warnings), and their links.</summary>
    private async Task<IReadOnlyList<StatusLink>> WarningsAsync(StageClock clock, ValidationResult validation, CancellationToken cancellationToken) =>
        validation.Warnings.Count == 0 ? [] : await results.WriteFindingsAsync(clock.Upload, validation, time.GetUtcNow(), cancellationToken);

    /// <summary>The sentence that points the clerk at the warnings, or "" without any.</summary>
    private static string WarningsSentence(StageClock clock, ValidationResult validation) =>
        validation.Warnings.Count == 0 ? "" : $"另有 {validation.Warnings.Count} 条提示，请核对，详见 {ResultNames.FindingsHtml(clock.Upload)}。";

    private UploadStatus Published(StageClock clock, string? eTag, ValidationResult validation, PublishResult published, IReadOnlyList<StatusLink> warnings)
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
        message += WarningsSentence(clock, validation);
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
                .. warnings,
            ],
        };
    }

    /// <summary>ReviewRequired: awaiting-approval with the preview's links, or unchanged when the same data is already live.</summary>
    private UploadStatus Previewed(StageClock clock, string? eTag, ValidationResult validation, Review.PreviewResult preview, IReadOnlyList<StatusLink> warnings)
    {
        var report = validation.Report!;
        if (preview.Preview is not { } record)
        {
            return Status(clock, eTag, UploadOutcome.Unchanged,
                $"《{report.Title}》与已发布的第 {preview.SameAsPublished!.Version} 版内容相同，无需审核，未重复发布。" + WarningsSentence(clock, validation)) with
            {
                Body = report.Body, Year = report.Year, Version = preview.SameAsPublished.Version, Warnings = validation.Warnings.Count, Links = [.. preview.Links, .. warnings],
            };
        }
        if (record.SupersededBy is { } newer)
        {
            return Status(clock, eTag, UploadOutcome.Superseded,
                $"《{report.Title}》已生成预览，但同一机关同一年度更晚上传的文件“{newer}”已在等待审核，以后者为准；本文件不再等待审核，网站未作任何更改。") with
            {
                Code = ReviewCodes.UploadSuperseded, Body = report.Body, Year = report.Year, Warnings = validation.Warnings.Count, Links = [.. preview.Links, .. warnings],
            };
        }
        var message = $"《{report.Title}》已生成审核预览（{(record.Kind == PublicationKind.Correction ? $"更正现行第 {record.LiveVersion} 版" : "首次发布")}），" +
                      "待审核通过后发布，网站暂未作任何更改。";
        message += WarningsSentence(clock, validation);
        return Status(clock, eTag, UploadOutcome.AwaitingApproval, message) with
        {
            Body = report.Body, Year = report.Year, Warnings = validation.Warnings.Count, Links = [.. preview.Links, .. warnings],
        };
    }

    private async Task<UploadStatus> RejectedAsync(StageClock clock, string? eTag, ValidationResult validation, CancellationToken cancellationToken)
    {
        var links = await results.WriteFindingsAsync(clock.Upload, validation, time.GetUtcNow(), cancellationToken);
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

    /// <summary>The one place an upload's outcome is recorded: written unless a newer record stands, then announced.</summary>
    protected override async Task<UploadStatus> RecordAsync(UploadStatus status, CancellationToken cancellationToken)
    {
        var recorded = await WriteAsync(status, cancellationToken);
        if (!ReferenceEquals(recorded, status))
        {
            Logger.LogInformation("Upload {Upload} {Outcome} not recorded: the record already says {Recorded} for {ETag}", status.Upload, status.Outcome,
                recorded.Outcome, recorded.ETag);
            foreach (var observer in _observers) observer.Finished(recorded);
            return recorded;
        }
        Logger.LogInformation("Upload {Upload} {Outcome}: {Timings}", status.Upload, status.Outcome,
            string.Join(", ", status.Timings.Select(t => $"{t.Stage} {t.Milliseconds:F0} ms")));
        // After the record, so the delivery can add its outcome to it; never throws (see INotifier).
        if (notifier is not null) await notifier.NotifyAsync(status, cancellationToken);
        // The register's ledger hears of the body's report (bounded: its one record); never throws (see ILedger).
        if (ledger is not null && LedgerEventOf(status) is { } happened) await ledger.RecordAsync(happened, cancellationToken);
        foreach (var observer in _observers) observer.Finished(status);
        return status;
    }

    /// <summary>What an outcome means for its body's report: published (or joined/same as live), previewed, returned by the reviewer; else nothing.</summary>
    private static LedgerEvent? LedgerEventOf(UploadStatus status) => (status.Body, status.Year) is (string body, int year)
        ? status.Outcome switch
        {
            UploadOutcome.Published or UploadOutcome.Unchanged when status.Version is int version => new LedgerEvent(body, year, LedgerEventKind.Published,
                status.ProcessedAt, status.Upload, version, status.Links.FirstOrDefault(l => l.Kind == "html")?.Url),
            UploadOutcome.AwaitingApproval => new LedgerEvent(body, year, LedgerEventKind.Previewed, status.ProcessedAt, status.Upload),
            UploadOutcome.Rejected => new LedgerEvent(body, year, LedgerEventKind.Returned, status.ProcessedAt, status.Upload),
            _ => null,
        }
        : null;

    /// <summary>Writes <paramref name="status"/> if it supersedes the record (conditional on the record read); else returns the record.</summary>
    private async Task<UploadStatus> WriteAsync(UploadStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await records.ReadAsync(status.Upload, cancellationToken);
            if (current is var (recorded, _) && !await SupersedesAsync(status, recorded, cancellationToken)) return recorded;
            if (await records.TryWriteAsync(status, current?.ETag, cancellationToken)) return status;
            // Written by someone else since it was read: read it again and decide again.
            if (attempt == MaxWriteAttempts) throw new RequestFailedException(412, $"the status record of {status.Upload} kept changing", "ConditionNotMet", null);
        }
    }

    /// <summary>
    /// Whether an outcome may replace the recorded one. The same upload version: as the transitions allow (a failed version
    /// may still finish; a final outcome stays). Another version: the one the uploads container holds now wins.
    /// </summary>
    private async Task<bool> SupersedesAsync(UploadStatus ours, UploadStatus recorded, CancellationToken cancellationToken)
    {
        if (ours.ETag is null) return true; // bytes without a blob (fp publish), or the blob is gone
        if (recorded.ETag == ours.ETag) return UploadTransitions.Allows(recorded, ours.ETag, ours.Outcome);
        // A name no blob URL can address (the sweep records those): the later outcome wins.
        if (containers.IsUnaddressable(ours.Upload)) return ours.ProcessedAt >= recorded.ProcessedAt;
        try
        {
            var current = (await containers.Uploads.GetBlobClient(ours.Upload).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
            return current != recorded.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ours.ProcessedAt >= recorded.ProcessedAt;
        }
    }

    /// <inheritdoc />
    async Task<bool> IDeliveryLog.RecordAsync(NotificationEvent notification, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            // Only the record the event came from: the same outcome at the same time.
            if (await records.ReadAsync(notification.Upload, cancellationToken) is not var (status, eTag) ||
                status.ProcessedAt != notification.Time || UploadNotifications.KindOf(status.Outcome) != notification.Kind)
            {
                return false;
            }
            var delivered = status with { Notifications = [.. (status.Notifications ?? []).Where(d => d.Webhook != delivery.Webhook), delivery] };
            if (await records.TryWriteAsync(delivered, eTag, cancellationToken)) return true;
        }
        return false;
    }

    private StageClock Clock(string uploadName) => new(uploadName, _observers);
}
