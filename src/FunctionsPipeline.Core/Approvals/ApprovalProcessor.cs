using FunctionsPipeline.Core.Review;
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
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Approvals;

/// <summary>
/// Processes one approval blob <c>approvals/{upload name}.json</c> (<see cref="Approval"/>), for both hosts and the CLI.
/// Approved: publishes exactly the previewed bytes (each file checked against the SHA-256 in the preview record) through
/// <see cref="SitePublisher"/>; the upload's status becomes <c>published</c>. Rejected: the upload's status becomes
/// <c>rejected</c> (<see cref="ReviewCodes.Rejected"/>) with the reviewer's reason. Every other case is refused with a
/// <see cref="ReviewCodes"/> code and nothing public changes. Each approval's outcome goes to
/// <c>results/approvals/{approval name}</c> (<see cref="ApprovalStatus"/>), always through <see cref="RecordAsync"/>.
/// Never deletes the approval or the preview. Storage failures throw (the trigger retries); anything else ends as a record.
/// </summary>
public sealed class ApprovalProcessor(StorageContainers containers, ResultRecords results, UploadLifecycle uploads, PreviewStore previews,
    PreviewWriter writer, SitePublisher publisher, AuditTrail audit, IClerkDirectory clerks, IOptions<ReviewOptions> review, TimeProvider time,
    ILogger<ApprovalProcessor> logger)
    : BlobRequestProcessor<ApprovalStatus>(logger)
{
    /// <summary>The request name of decisions taken in the review console (on their audit records).</summary>
    public const string ConsoleRequest = "console";

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
        await results.ReadJsonAsync(RecordName(approvalName), cancellationToken) is { } json ? ApprovalStatus.FromJson(json) : null;

    protected override string Kind => "Approval";

    protected override long MaxBytes => MaxApprovalBytes;

    protected override async Task<ApprovalStatus?> FinalOutcomeAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await GetStatusAsync(name, cancellationToken) is { } done && eTag is not null && done.ApprovalETag == eTag && done.Outcome != ApprovalOutcome.Failed
            ? done
            : null;

    protected override ApprovalStatus Deleted(string name) =>
        Refused(name, null, ReviewCodes.Deleted, $"审核文件“{name}”在处理前已被删除，未作处理，网站未作任何更改。");

    protected override ApprovalStatus TooLarge(string name, string eTag, long length) =>
        Refused(name, eTag, ReviewCodes.Malformed, $"审核文件“{name}”过大（{length} 字节），不是审核意见，未作处理，网站未作任何更改。");

    protected override ApprovalStatus Failed(string name, string? eTag, ReadOnlyMemory<byte> content, string incident) => new()
    {
        Approval = name, Upload = UploadOf(name), Outcome = ApprovalOutcome.Failed, Code = ReviewCodes.Failed, ApprovalETag = eTag,
        ProcessedAt = time.GetUtcNow(),
        Message = $"处理审核文件“{name}”时发生内部错误，网站未作任何更改。请联系管理员并提供错误编号 {incident}。",
    };

    protected override ApprovalStatus GaveUp(string name, string? eTag) => new()
    {
        Approval = name, Upload = UploadOf(name), Outcome = ApprovalOutcome.Failed, Code = StorageErrors.GaveUpCode, ApprovalETag = eTag,
        ProcessedAt = time.GetUtcNow(),
        Message = $"审核文件“{name}”多次处理均因存储服务暂时不可用而失败，网站未作任何更改。系统将在存储恢复后自动重试；如长时间仍未完成，请联系管理员。",
    };

    /// <summary>
    /// The sweep of <c>approvals</c> (<see cref="RequestSweep"/>): an approval written at least <paramref name="olderThan"/> ago
    /// without a record for its version (a lost event, an outage), or whose trigger gave up, is processed now; not one
    /// <paramref name="busy"/> names. Returns how many.
    /// </summary>
    public Task<int> SweepAsync(TimeSpan olderThan, Func<string, bool>? busy, CancellationToken cancellationToken) =>
        SweepAsync(containers.Approvals, results, olderThan, busy, cancellationToken);

    /// <summary>The sweep processes a version without a record, or one that failed for a transient cause (<see cref="StorageErrors.GaveUpCode"/>).</summary>
    protected override async Task<bool> NeedsProcessingAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await GetStatusAsync(name, cancellationToken) is not { } recorded || recorded.ApprovalETag != eTag ||
        (recorded.Outcome == ApprovalOutcome.Failed && recorded.Code == StorageErrors.GaveUpCode);

    /// <summary>Decides on an approval's bytes (the CLI when no host runs, tests).</summary>
    public Task<ApprovalStatus> ProcessAsync(string approvalName, byte[] content, string? approvalETag, CancellationToken cancellationToken) =>
        ProcessAsync(approvalName, new ReadOnlyMemory<byte>(content), approvalETag, cancellationToken);

    protected override async Task<ApprovalStatus> DecideAsync(string approvalName, ReadOnlyMemory<byte> content, string? approvalETag, CancellationToken cancellationToken)
    {
        var request = "approvals/" + approvalName;
        if (UploadOf(approvalName) is not { } upload)
        {
            return await AuditAsync(Refused(approvalName, approvalETag, ReviewCodes.Malformed,
                $"审核文件“{approvalName}”的名称应为“上传文件名.json”（如 xiji-2024.xlsx.json），未作处理，网站未作任何更改。"), request, null, cancellationToken);
        }
        if (Approval.Parse(content.Span, out var problem) is not { } approval)
        {
            return await AuditAsync(Refused(approvalName, approvalETag, ReviewCodes.Malformed,
                $"审核文件“{approvalName}”格式有误：{problem}。未作处理，网站未作任何更改。") with { Upload = upload }, request, null, cancellationToken);
        }
        var reviewer = ReviewerIdentity.FromBlob(approval.By);
        if (!review.Value.BlobDecisionsAllowed)
        {
            return await AuditAsync(Refused(approvalName, approvalETag, ReviewCodes.UnverifiedRefused,
                    $"审核文件“{approvalName}”未执行：本系统只接受在审核台登录后作出的审核决定（文件中的署名无法核实身份）。网站未作任何更改。") with
                {
                    Upload = upload, Decision = approval.Decision, By = approval.By, Reason = approval.Reason, Version = approval.Version, Reviewer = reviewer,
                }, request, null, cancellationToken);
        }
        return await DecideAsync(approvalName, request, upload, approval, reviewer, approvalETag, cancellationToken);
    }

    /// <summary>
    /// A decision taken in the review console by <paramref name="reviewer"/> (from the verified sign-in, never from the form):
    /// the same checks and effects as an approval blob, recorded in <c>audit</c>; no approval blob or results record is written.
    /// </summary>
    public Task<ApprovalStatus> DecideInConsoleAsync(string upload, string decision, string? reason, string version, ReviewerIdentity reviewer,
        CancellationToken cancellationToken)
    {
        var approval = new Approval(decision, reviewer.DisplayName, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), version);
        return DecideAsync(upload + JsonSuffix, ConsoleRequest, upload, approval, reviewer, approvalETag: null, cancellationToken);
    }

    /// <summary>The decision itself, for a blob or the console; its outcome (decision or refusal) always gets its audit record.</summary>
    private async Task<ApprovalStatus> DecideAsync(string approvalName, string request, string upload, Approval approval, ReviewerIdentity reviewer,
        string? approvalETag, CancellationToken cancellationToken)
    {
        var context = new DecisionContext();
        var status = await DecideAsync(approvalName, upload, approval, reviewer, approvalETag, context, cancellationToken);
        return await AuditAsync(status, request, context, cancellationToken);
    }

    /// <summary>What the audit record needs besides the outcome: the preview decided on and the live version found.</summary>
    private sealed class DecisionContext
    {
        public PreviewRecord? Preview { get; set; }
        public int? LiveVersionNow { get; set; }
    }

    private async Task<ApprovalStatus> DecideAsync(string approvalName, string upload, Approval approval, ReviewerIdentity reviewer, string? approvalETag,
        DecisionContext context, CancellationToken cancellationToken)
    {
        var refused = Refused(approvalName, approvalETag, "", "") with
        {
            Upload = upload, Decision = approval.Decision, By = reviewer.DisplayName, Reason = approval.Reason, Version = approval.Version, Reviewer = reviewer,
        };
        if (!approval.IsApproved && approval.Reason is null)
        {
            return refused with
            {
                Code = ReviewCodes.ReasonMissing,
                Message = $"审核意见退回了“{upload}”但未填写理由。请写明退回理由后重新提交；该文件仍待审核，网站未作任何更改。",
            };
        }
        if (await previews.GetAsync(upload, cancellationToken) is not var (preview, previewETag))
        {
            return refused with
            {
                Code = ReviewCodes.NoPreview,
                Message = $"找不到上传文件“{upload}”的审核预览（文件名有误，或该文件未经审核流程上传），未作处理，网站未作任何更改。",
            };
        }
        context.Preview = preview;
        refused = refused with { Links = writer.Links(preview) };
        if (!preview.IsVersion(approval.Version))
        {
            return refused with
            {
                Code = ReviewCodes.Stale,
                Message = $"审核意见针对的版本（{Short(approval.Version)}）不是“{upload}”当前预览的版本（{Short(preview.Version)}）：该文件此后已重新上传。" +
                          "本次审核意见未执行，网站未作任何更改，请审核最新预览。",
            };
        }
        if (preview.SupersededBy is { } newer && preview.Decision is null)
        {
            return refused with
            {
                Code = ReviewCodes.Superseded,
                Message = $"“{upload}”的预览已被同一机关同一年度更晚上传的文件“{newer}”取代，不能再审核；请审核“{newer}”的预览。本次审核意见未执行，网站未作任何更改。",
            };
        }
        if (await clerks.IsClerkAsync(preview.Body, reviewer, cancellationToken))
        {
            return refused with
            {
                Code = ReviewCodes.SelfApproval,
                Message = $"{reviewer.Label} 是“{preview.Body}”的填报人，不能审核本机关的报告（审核与填报须由不同人员承担）。本次审核意见未执行，网站未作任何更改。",
            };
        }

        // A redelivery of the approval that decided (e.g. after a crash before its records were written) finishes that decision.
        var resuming = preview.Decision is { } own && approvalETag is not null && own.ApprovalETag == approvalETag;
        if (preview.Decision is { } decided && !resuming)
        {
            var what = decided.Decision == Approval.Approved ? $"审核通过并发布为第 {decided.SiteVersion} 版" : "退回";
            return refused with
            {
                Code = ReviewCodes.AlreadyDecided, SiteVersion = decided.SiteVersion,
                Message = $"“{upload}”的这一版本已于 {ChinaTime.FormatChinese(decided.DecidedAt)} 由 {decided.Reviewer?.Label ?? decided.By} {what}，本次审核意见未重复执行，网站未作任何更改。",
            };
        }
        var status = await uploads.GetStatusAsync(upload, cancellationToken);
        if (!resuming && (status is null || status.ETag != preview.UploadETag ||
                          !UploadTransitions.All.Contains((UploadTransitions.Name(status.Outcome), approval.IsApproved ? UploadOutcome.Published : UploadOutcome.Rejected))
                          || await UploadReplacedAsync(upload, preview, cancellationToken)))
        {
            return refused with
            {
                Code = ReviewCodes.Stale,
                Message = $"“{upload}”在生成此预览后已重新上传（新版本另行检查、另行生成预览）。本次审核意见未执行，网站未作任何更改，请审核最新预览。",
            };
        }
        return approval.IsApproved
            ? await PublishAsync(approvalETag, approval, reviewer, preview, previewETag, status, refused, context, resuming, cancellationToken)
            : await RejectAsync(approvalETag, approval, reviewer, preview, previewETag, status, refused, cancellationToken);
    }

    private async Task<ApprovalStatus> PublishAsync(string? approvalETag, Approval approval, ReviewerIdentity reviewer, PreviewRecord preview, ETag previewETag,
        UploadStatus? status, ApprovalStatus refused, DecisionContext context, bool resuming, CancellationToken cancellationToken)
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
                return refused with
                {
                    Code = ReviewCodes.PreviewChanged,
                    Message = $"“{preview.Upload}”的预览文件（{kind}）已缺失或被改动，与审核时不一致，未发布，网站未作任何更改。请重新上传以生成新的预览。",
                };
            }
            files[kind] = bytes;
        }
        var report = ReportJson.Deserialize(files["report-json"]);

        // The preview showed a correction of (or a first publication over) one live version: if another version went live or
        // was withdrawn since, the reviewer approved against a target that moved. Data already live is not published twice below.
        var live = await publisher.GetLiveEntryAsync(report.Body, report.Year, cancellationToken);
        if (!resuming && live?.Version != preview.LiveVersion && live?.ContentSha256 != Sha256.Hex(files["report-json"]))
        {
            context.LiveVersionNow = live?.Version;
            string Named(int? version) => version is { } v ? $"第 {v} 版" : "无（未发布或已撤回）";
            return refused with
            {
                Code = ReviewCodes.Stale,
                Message = $"生成此预览时网站上的版本为{Named(preview.LiveVersion)}，现在为{Named(live?.Version)}（此后另有版本发布或撤回）。" +
                          "本次审核意见未执行，网站未作任何更改；请重新上传以生成新的预览后再审核。",
            };
        }
        var rendered = new RenderedReport(files["pdf"], Encoding.UTF8.GetString(files["html"]), files["ofd"]);
        var published = await publisher.PublishAsync(report, rendered, $"{preview.Upload}\n{preview.Version}", cancellationToken);

        var now = time.GetUtcNow();
        await DecideOnPreviewAsync(preview with { Decision = new(Approval.Approved, reviewer.DisplayName, approval.Reason, now, published.Version, approvalETag, reviewer) },
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
            ? $"经 {reviewer.Label} 审核通过；《{report.Title}》与已发布的第 {published.Version} 版内容相同，未重复发布。"
            : $"经 {reviewer.Label} 审核通过，已发布《{report.Title}》{correction}（第 {published.Version} 版）。";
        var uploadStatus = new UploadStatus
        {
            Upload = preview.Upload, Outcome = same ? UploadOutcome.Unchanged : UploadOutcome.Published, Message = message, ETag = preview.UploadETag, ProcessedAt = now,
            Body = report.Body, Year = report.Year, Version = published.Version, Warnings = preview.Warnings,
            Timings = status?.Timings ?? [], Links = [.. links, .. status?.Links.Where(ResultRecords.IsWarnings) ?? Enumerable.Empty<StatusLink>()],
        };
        await uploads.RecordDecisionAsync(uploadStatus, cancellationToken);
        return refused with
        {
            Outcome = same ? ApprovalOutcome.Unchanged : ApprovalOutcome.Published, Code = null, SiteVersion = published.Version, Message = message,
            Links = links, ProcessedAt = now,
        };
    }

    private async Task<ApprovalStatus> RejectAsync(string? approvalETag, Approval approval, ReviewerIdentity reviewer, PreviewRecord preview, ETag previewETag,
        UploadStatus? status, ApprovalStatus refused, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await DecideOnPreviewAsync(preview with { Decision = new(Approval.Rejected, reviewer.DisplayName, approval.Reason, now, null, approvalETag, reviewer) },
            previewETag, cancellationToken);
        var message = $"《{preview.Title}》（文件“{preview.Upload}”）经 {reviewer.Label} 审核未通过，未发布，网站未作任何更改。理由：{approval.Reason}。请修改后重新上传。";
        var uploadStatus = new UploadStatus
        {
            Upload = preview.Upload, Outcome = UploadOutcome.Rejected, Code = ReviewCodes.Rejected, Message = message, ETag = preview.UploadETag,
            ProcessedAt = now, Body = preview.Body, Year = preview.Year, Warnings = preview.Warnings,
            Timings = status?.Timings ?? [], Links = refused.Links,
        };
        await uploads.RecordDecisionAsync(uploadStatus, cancellationToken);
        return refused with { Outcome = ApprovalOutcome.Rejected, Code = ReviewCodes.Rejected, Message = message, ProcessedAt = now };
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
            Logger.LogWarning("The preview of {Upload} was replaced while its approval was processed; the new preview stays undecided", decided.Upload);
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

    /// <summary>Appends the outcome's write-once audit record (every decision and refusal) and returns the outcome naming it.</summary>
    private async Task<ApprovalStatus> AuditAsync(ApprovalStatus status, string request, DecisionContext? context, CancellationToken cancellationToken)
    {
        var preview = context?.Preview;
        var action = status.Outcome switch
        {
            ApprovalOutcome.Published or ApprovalOutcome.Unchanged => AuditRecord.ApprovedAction,
            ApprovalOutcome.Rejected => AuditRecord.RejectedAction,
            _ => AuditRecord.RefusedAction,
        };
        var entry = new AuditRecord
        {
            Action = action, Code = action == AuditRecord.RefusedAction ? status.Code : null, Message = status.Message,
            Reviewer = status.Reviewer ?? ReviewerIdentity.FromBlob(status.By ?? Approval.Unsigned), Reason = status.Reason, Request = request,
            Upload = status.Upload, Body = preview?.Body, Year = preview?.Year, Version = preview?.Version ?? status.Version,
            UploadETag = preview?.UploadETag, PreviewFiles = preview?.Files.Select(f => new AuditedFile(f.Kind, f.Sha256)).ToArray() ?? [],
            LiveVersionBefore = preview?.LiveVersion, LiveVersionNow = context?.LiveVersionNow, SiteVersion = status.SiteVersion, At = audit.Now,
        };
        // An approval blob's version is decided once: its redelivery (a crash before the results record) keeps the one record.
        // A failure is not final (the blob is tried again), so it gets a record of its own.
        var record = request != ConsoleRequest && status.ApprovalETag is { } eTag && status.Outcome != ApprovalOutcome.Failed
            ? await audit.AppendOnceAsync(entry, $"{request}\n{eTag}", cancellationToken)
            : await audit.AppendAsync(entry, cancellationToken);
        return status with { AuditId = record.Id };
    }

    /// <summary>The one place an approval's outcome is recorded (the upload's new status was recorded by its lifecycle, which announces it).</summary>
    protected override async Task<ApprovalStatus> RecordAsync(ApprovalStatus approval, CancellationToken cancellationToken)
    {
        // Outcomes the request skeleton decides itself (a blob deleted before it was read, an oversized one, an internal error,
        // storage given up) get their audit record here; decisions got theirs when taken.
        if (approval.AuditId is null) approval = await AuditAsync(approval, "approvals/" + approval.Approval, null, cancellationToken);
        await results.WriteJsonAsync(RecordName(approval.Approval), approval.ToJson(), cancellationToken);
        Logger.LogInformation("Approval {Approval} for {Upload}: {Outcome} {Code}", approval.Approval, approval.Upload, approval.Outcome, approval.Code);
        return approval;
    }

    private ApprovalStatus Refused(string approvalName, string? approvalETag, string code, string message) => new()
    {
        Approval = approvalName, Outcome = ApprovalOutcome.Refused, Code = code, Message = message, ApprovalETag = approvalETag,
        ProcessedAt = time.GetUtcNow(),
    };

    private static string Short(string version) => version.Trim().Trim('"') is var v && v.Length > 12 ? v[..12] + "…" : version.Trim();
}
