using FunctionsPipeline.Core.Notifications;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Review;

/// <summary>
/// Processes one approval blob <c>approvals/{upload name}.json</c> (<see cref="Approval"/>), for both hosts and the CLI.
/// Approved: publishes exactly the previewed bytes (each file checked against the SHA-256 in the preview record) through
/// <see cref="SitePublisher"/>; the upload's status becomes <c>published</c>. Rejected: the upload's status becomes
/// <c>rejected</c> (<see cref="ReviewCodes.Rejected"/>) with the reviewer's reason. Every other case is refused with a
/// <see cref="ReviewCodes"/> code and nothing public changes. Each approval's outcome goes to
/// <c>results/approvals/{approval name}</c> (<see cref="ApprovalStatus"/>), always through <see cref="RecordAsync"/>.
/// Never deletes the approval or the preview. Storage failures throw (the trigger retries); anything else ends as a record.
/// </summary>
public sealed class ApprovalProcessor(UploadContainers containers, UploadRecords records, PreviewStore previews, PreviewWriter writer,
    SitePublisher publisher, TimeProvider time, ILogger<ApprovalProcessor> logger, INotifier notifier)
{
    /// <summary>An approval is a few hundred bytes; anything far larger is not one.</summary>
    public const int MaxApprovalBytes = 64 * 1024;

    private const string JsonSuffix = ".json";

    /// <summary>The upload an approval blob is about (its name without <c>.json</c>), or null if it is not named so.</summary>
    public static string? UploadOf(string approvalName) =>
        approvalName.Length > JsonSuffix.Length && approvalName.EndsWith(JsonSuffix, StringComparison.OrdinalIgnoreCase) ? approvalName[..^JsonSuffix.Length] : null;

    /// <summary>The approval's status record in <c>results</c>.</summary>
    public static string RecordName(string approvalName) => "approvals/" + ResultNames.Stem(approvalName);

    public Uri RecordUri(string approvalName) => containers.Results.GetBlobClient(RecordName(approvalName)).Uri;

    /// <summary>The approval's status record, or null if it has not been processed.</summary>
    public async Task<ApprovalStatus?> GetStatusAsync(string approvalName, CancellationToken cancellationToken = default) =>
        await records.ReadJsonAsync(RecordName(approvalName), cancellationToken) is { } json ? ApprovalStatus.FromJson(json) : null;

    /// <summary>The trigger's entry: skips an approval version (ETag) already processed, reads it (bounded), decides.</summary>
    public async Task<ApprovalStatus> ProcessAsync(string approvalName, BlobClient approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        BlobProperties properties;
        try
        {
            properties = (await approval.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await RecordAsync(Refused(approvalName, null, ReviewCodes.Deleted, $"审核文件“{approvalName}”在处理前已被删除，未作处理，网站未作任何更改。"),
                null, cancellationToken);
        }
        var eTag = properties.ETag.ToString();
        if (await GetStatusAsync(approvalName, cancellationToken) is { } done && done.ApprovalETag == eTag && done.Outcome != ApprovalOutcome.Failed)
        {
            logger.LogInformation("Approval {Approval} ({ETag}) was already processed: {Outcome}", approvalName, eTag, done.Outcome);
            return done;
        }
        if (properties.ContentLength > MaxApprovalBytes)
        {
            return await RecordAsync(Refused(approvalName, eTag, ReviewCodes.Malformed,
                $"审核文件“{approvalName}”过大（{properties.ContentLength} 字节），不是审核意见，未作处理，网站未作任何更改。"), null, cancellationToken);
        }
        var content = await approval.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } },
            cancellationToken);
        return await ProcessAsync(approvalName, content.Value.Content.ToArray(), eTag, cancellationToken);
    }

    /// <summary>Decides on an approval's bytes (the trigger after reading them; the CLI when no host runs).</summary>
    public async Task<ApprovalStatus> ProcessAsync(string approvalName, byte[] content, string? approvalETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvalName);
        ArgumentNullException.ThrowIfNull(content);
        using var scope = logger.BeginScope("Approval {Approval}", approvalName);
        try
        {
            return await DecideAsync(approvalName, content, approvalETag, cancellationToken);
        }
        catch (Exception ex) when (!StorageErrors.IsUnavailable(ex, cancellationToken))
        {
            var incident = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(ex, "Approval {Approval} failed unexpectedly (incident {Incident})", approvalName, incident);
            return await RecordAsync(new ApprovalStatus
            {
                Approval = approvalName, Upload = UploadOf(approvalName), Outcome = ApprovalOutcome.Failed, Code = ReviewCodes.Failed,
                ApprovalETag = approvalETag, ProcessedAt = time.GetUtcNow(),
                Message = $"处理审核文件“{approvalName}”时发生内部错误，网站未作任何更改。请联系管理员并提供错误编号 {incident}。",
            }, null, cancellationToken);
        }
    }

    private async Task<ApprovalStatus> DecideAsync(string approvalName, byte[] content, string? approvalETag, CancellationToken cancellationToken)
    {
        if (UploadOf(approvalName) is not { } upload)
        {
            return await RecordAsync(Refused(approvalName, approvalETag, ReviewCodes.Malformed,
                $"审核文件“{approvalName}”的名称应为“上传文件名.json”（如 xiji-2024.xlsx.json），未作处理，网站未作任何更改。"), null, cancellationToken);
        }
        if (Approval.Parse(content, out var problem) is not { } approval)
        {
            return await RecordAsync(Refused(approvalName, approvalETag, ReviewCodes.Malformed,
                $"审核文件“{approvalName}”格式有误：{problem}。未作处理，网站未作任何更改。") with { Upload = upload }, null, cancellationToken);
        }
        var refused = Refused(approvalName, approvalETag, "", "") with
        {
            Upload = upload, Decision = approval.Decision, By = approval.By, Reason = approval.Reason, Version = approval.Version,
        };
        if (!approval.IsApproved && approval.Reason is null)
        {
            return await RecordAsync(refused with
            {
                Code = ReviewCodes.ReasonMissing,
                Message = $"审核文件“{approvalName}”退回了“{upload}”但未填写理由（reason）。请写明退回理由后重新提交；该文件仍待审核，网站未作任何更改。",
            }, null, cancellationToken);
        }
        if (await previews.GetAsync(upload, cancellationToken) is not var (preview, previewETag))
        {
            return await RecordAsync(refused with
            {
                Code = ReviewCodes.NoPreview,
                Message = $"找不到上传文件“{upload}”的审核预览（文件名有误，或该文件未经审核流程上传），未作处理，网站未作任何更改。",
            }, null, cancellationToken);
        }
        refused = refused with { Links = writer.Links(preview) };
        if (!preview.IsVersion(approval.Version))
        {
            return await RecordAsync(refused with
            {
                Code = ReviewCodes.Stale,
                Message = $"审核意见针对的版本（{Short(approval.Version)}）不是“{upload}”当前预览的版本（{Short(preview.Version)}）：该文件此后已重新上传。" +
                          "本次审核意见未执行，网站未作任何更改，请审核最新预览。",
            }, null, cancellationToken);
        }

        // A redelivery of the approval that decided (e.g. after a crash before its records were written) finishes that decision.
        var resuming = preview.Decision is { } own && approvalETag is not null && own.ApprovalETag == approvalETag;
        if (preview.Decision is { } decided && !resuming)
        {
            var what = decided.Decision == Approval.Approved ? $"审核通过并发布为第 {decided.SiteVersion} 版" : "退回";
            return await RecordAsync(refused with
            {
                Code = ReviewCodes.AlreadyDecided, SiteVersion = decided.SiteVersion,
                Message = $"“{upload}”的这一版本已于 {ChinaTime.FormatChinese(decided.DecidedAt)} 由 {decided.By} {what}，本次审核意见未重复执行，网站未作任何更改。",
            }, null, cancellationToken);
        }
        var status = await records.GetAsync(upload, cancellationToken);
        if (!resuming && (status is null || status.ETag != preview.UploadETag ||
                          !UploadTransitions.All.Contains((UploadTransitions.Name(status.Outcome), approval.IsApproved ? UploadOutcome.Published : UploadOutcome.Rejected))
                          || await UploadReplacedAsync(upload, preview, cancellationToken)))
        {
            return await RecordAsync(refused with
            {
                Code = ReviewCodes.Stale,
                Message = $"“{upload}”在生成此预览后已重新上传（新版本另行检查、另行生成预览）。本次审核意见未执行，网站未作任何更改，请审核最新预览。",
            }, null, cancellationToken);
        }
        return approval.IsApproved
            ? await PublishAsync(approvalName, approvalETag, approval, preview, previewETag, status, refused, cancellationToken)
            : await RejectAsync(approvalName, approvalETag, approval, preview, previewETag, status, refused, cancellationToken);
    }

    private async Task<ApprovalStatus> PublishAsync(string approvalName, string? approvalETag, Approval approval, PreviewRecord preview, ETag previewETag,
        UploadStatus? status, ApprovalStatus refused, CancellationToken cancellationToken)
    {
        // Exactly the previewed bytes: each file must still have the SHA-256 the preview recorded.
        var files = new Dictionary<string, byte[]>();
        foreach (var kind in new[] { "report-json", "pdf", "ofd", "html" })
        {
            var listed = preview.File(kind);
            byte[]? bytes = null;
            if (listed is not null)
            {
                try
                {
                    bytes = await previews.ReadAsync(listed.Path, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                }
            }
            if (listed is null || bytes is null || Sha256.Hex(bytes) != listed.Sha256)
            {
                return await RecordAsync(refused with
                {
                    Code = ReviewCodes.PreviewChanged,
                    Message = $"“{preview.Upload}”的预览文件（{kind}）已缺失或被改动，与审核时不一致，未发布，网站未作任何更改。请重新上传以生成新的预览。",
                }, null, cancellationToken);
            }
            files[kind] = bytes;
        }
        var report = ReportJson.Deserialize(files["report-json"]);
        var rendered = new RenderedReport(files["pdf"], Encoding.UTF8.GetString(files["html"]), files["ofd"]);
        var published = await publisher.PublishAsync(report, rendered, $"{preview.Upload}\n{preview.Version}", cancellationToken);

        var now = time.GetUtcNow();
        await DecideOnPreviewAsync(preview with { Decision = new(Approval.Approved, approval.By, approval.Reason, now, published.Version, approvalETag) },
            previewETag, cancellationToken);
        List<StatusLink> links =
        [
            new("pdf", published.Urls.Pdf.AbsoluteUri),
            .. published.Urls.Ofd is { } ofd ? [new StatusLink("ofd", ofd.AbsoluteUri)] : Array.Empty<StatusLink>(),
            new("html", published.Urls.Html.AbsoluteUri),
            new("notice", published.Urls.Notice.AbsoluteUri),
            new("index", published.Urls.Index.AbsoluteUri),
        ];
        var correction = published.Outcome == PublishOutcome.Corrected || preview.Kind == PublicationKind.Correction ? "更正版本" : "";
        // Unchanged/Joined: the same data went live meanwhile (another upload's approval): nothing published twice.
        var same = published.Outcome is PublishOutcome.Unchanged or PublishOutcome.Joined && preview.Decision is null;
        var message = same
            ? $"经 {approval.By} 审核通过；《{report.Title}》与已发布的第 {published.Version} 版内容相同，未重复发布。"
            : $"经 {approval.By} 审核通过，已发布《{report.Title}》{correction}（第 {published.Version} 版）。";
        var uploadStatus = new UploadStatus
        {
            Upload = preview.Upload, Outcome = same ? UploadOutcome.Unchanged : UploadOutcome.Published, Message = message, ETag = preview.UploadETag, ProcessedAt = now,
            Body = report.Body, Year = report.Year, Version = published.Version, Warnings = preview.Warnings,
            Timings = status?.Timings ?? [], Links = links,
        };
        return await RecordAsync(refused with
        {
            Outcome = ApprovalOutcome.Published, Code = null, SiteVersion = published.Version, Message = message, Links = links, ProcessedAt = now,
        }, uploadStatus, cancellationToken);
    }

    private async Task<ApprovalStatus> RejectAsync(string approvalName, string? approvalETag, Approval approval, PreviewRecord preview, ETag previewETag,
        UploadStatus? status, ApprovalStatus refused, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await DecideOnPreviewAsync(preview with { Decision = new(Approval.Rejected, approval.By, approval.Reason, now, null, approvalETag) },
            previewETag, cancellationToken);
        var message = $"《{preview.Title}》（文件“{preview.Upload}”）经 {approval.By} 审核未通过，未发布，网站未作任何更改。理由：{approval.Reason}。请修改后重新上传。";
        var uploadStatus = new UploadStatus
        {
            Upload = preview.Upload, Outcome = UploadOutcome.Rejected, Code = ReviewCodes.Rejected, Message = message, ETag = preview.UploadETag,
            ProcessedAt = now, Body = preview.Body, Year = preview.Year, Warnings = preview.Warnings,
            Timings = status?.Timings ?? [], Links = refused.Links,
        };
        return await RecordAsync(refused with { Outcome = ApprovalOutcome.Rejected, Code = ReviewCodes.Rejected, Message = message, ProcessedAt = now },
            uploadStatus, cancellationToken);
    }

    /// <summary>Marks the preview decided, unless a newer upload's preview replaced it meanwhile (that one waits for its own review).</summary>
    private async Task DecideOnPreviewAsync(PreviewRecord decided, ETag previewETag, CancellationToken cancellationToken)
    {
        try
        {
            await previews.WriteRecordAsync(decided, previewETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            logger.LogWarning("The preview of {Upload} was replaced while its approval was processed; the new preview stays undecided", decided.Upload);
        }
    }

    /// <summary>True if the upload blob now has another version than the one previewed (the clerk re-uploaded; its own preview follows).</summary>
    private async Task<bool> UploadReplacedAsync(string upload, PreviewRecord preview, CancellationToken cancellationToken)
    {
        if (preview.UploadETag is not { } previewed) return false;
        try
        {
            var current = await containers.Uploads.GetBlobClient(upload).GetPropertiesAsync(cancellationToken: cancellationToken);
            return current.Value.ETag.ToString() != previewed;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The one place an approval's outcome is recorded: the upload's new status (when the decision changed it), then the
    /// approval's own record. (Notifications hook in here.)
    /// </summary>
    private async Task<ApprovalStatus> RecordAsync(ApprovalStatus approval, UploadStatus? upload, CancellationToken cancellationToken)
    {
        if (upload is not null) await records.WriteAsync(upload, cancellationToken);
        await records.WriteJsonAsync(RecordName(approval.Approval), approval.ToJson(), cancellationToken);
        logger.LogInformation("Approval {Approval} for {Upload}: {Outcome} {Code}", approval.Approval, approval.Upload, approval.Outcome, approval.Code);
        // The upload's new outcome (published, rejected by the reviewer, unchanged) is what the webhooks hear about.
        if (upload is not null) await notifier.NotifyAsync(upload, cancellationToken);
        return approval;
    }

    private ApprovalStatus Refused(string approvalName, string? approvalETag, string code, string message) => new()
    {
        Approval = approvalName, Outcome = ApprovalOutcome.Refused, Code = code, Message = message, ApprovalETag = approvalETag,
        ProcessedAt = time.GetUtcNow(),
    };

    private static string Short(string version) => version.Trim().Trim('"') is var v && v.Length > 12 ? v[..12] + "…" : version.Trim();
}
