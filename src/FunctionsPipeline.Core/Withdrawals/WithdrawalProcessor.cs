using FunctionsPipeline.Core.Notifications;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Review;

namespace FunctionsPipeline.Core.Withdrawals;

/// <summary>
/// A withdrawal request's whole life, for the Functions app (<c>ProcessWithdrawal</c>), the local trigger host,
/// <c>fp withdraw</c> and the tests: skip a blob version whose outcome is final, read the request (bounded), carry it
/// out on the site (<see cref="SiteWithdrawal"/>), and record the outcome in <c>results/withdrawals/{name}.json</c>
/// (<see cref="RecordAsync"/>, the one place every outcome passes).
/// <para>
/// Bad input (not JSON, missing fields, a body and year with nothing published) is recorded <c>rejected</c> with a
/// stable code (<see cref="WithdrawalCodes"/>) and changes nothing public. Storage failures throw, so the trigger retries;
/// every step is idempotent, so a retry completes a withdrawal that crashed half way.
/// </para>
/// <para>
/// Who withdrew: a request blob names its 经办 in a field nobody checked, so blobs are refused where the review requires a
/// verified sign-in (<see cref="ReviewOptions.BlobDecisionsAllowed"/> false, the default in Azure); the review console
/// withdraws as its signed-in reviewer (<see cref="WithdrawInConsoleAsync"/>). Every withdrawal and refusal of one gets a
/// write-once record in <c>audit</c> (<see cref="AuditTrail"/>), next to the review decisions of that body and year.
/// </para>
/// </summary>
public sealed class WithdrawalProcessor(StorageContainers containers, ResultRecords results, SitePublisher publisher, AuditTrail audit,
    IOptions<ReviewOptions> review, TimeProvider time, ILogger<WithdrawalProcessor> logger, INotifier notifier, Ledger.ILedger? ledger = null)
    : BlobRequestProcessor<WithdrawalStatus>(logger), IWithdrawalProcessor
{
    public const string StatusFolder = "withdrawals";

    /// <summary>The request name of withdrawals taken in the review console (on their audit records).</summary>
    public const string ConsoleRequest = "console";

    public StorageContainers Containers => containers;

    /// <summary>Where a withdrawal's status record is: <c>withdrawals/{ResultNames.Stem(name)}.json</c> in results.</summary>
    public static string StatusPath(string name) => $"{StatusFolder}/{ResultNames.Stem(name)}.json";

    public Uri StatusUri(string name) => results.UriOf(StatusPath(name));

    protected override string Kind => "Withdrawal";

    protected override long MaxBytes => WithdrawalRequest.MaxBytes;

    protected override async Task<WithdrawalStatus?> FinalOutcomeAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await GetStatusAsync(name, cancellationToken) is { } done && done.IsFinalFor(eTag) ? done : null;

    protected override WithdrawalStatus Deleted(string name) =>
        Status(name, null, WithdrawalOutcome.Failed, $"撤回申请“{name}”在处理前已被删除，未作处理，网站未作任何更改。");

    protected override WithdrawalStatus TooLarge(string name, string eTag, long length) => Rejected(name, eTag, WithdrawalRequest.TooLarge(name, length));

    protected override WithdrawalStatus Failed(string name, string? eTag, ReadOnlyMemory<byte> content, string incident)
    {
        // The record keeps the body and year the request named, when it named them.
        var (request, _) = WithdrawalRequest.Parse(name, content.Span);
        return Status(name, eTag, WithdrawalOutcome.Failed,
            $"处理撤回申请“{name}”时发生内部错误，撤回未完成。请联系管理员并提供错误编号 {incident}；重新写入该申请即可重试，已完成的步骤不会重复。") with
        {
            Body = request?.Body,
            Year = request?.Year,
        };
    }

    protected override WithdrawalStatus GaveUp(string name, string? eTag) =>
        Status(name, eTag, WithdrawalOutcome.Failed,
            $"撤回申请“{name}”多次处理均因存储服务暂时不可用而失败，撤回未完成。系统将在存储恢复后自动重试（已完成的步骤不会重复）；如长时间仍未完成，请联系管理员。")
        with { Code = StorageErrors.GaveUpCode };

    /// <inheritdoc />
    public Task<int> SweepAsync(TimeSpan olderThan, Func<string, bool>? busy, CancellationToken cancellationToken) =>
        SweepAsync(containers.Withdrawals, results, olderThan, busy, cancellationToken);

    /// <summary>The sweep processes a version without a record, or one that failed for a transient cause (<see cref="StorageErrors.GaveUpCode"/>).</summary>
    protected override async Task<bool> NeedsProcessingAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await GetStatusAsync(name, cancellationToken) is not { } recorded || recorded.ETag != eTag ||
        (recorded.Outcome == WithdrawalOutcome.Failed && recorded.Code == StorageErrors.GaveUpCode);

    protected override async Task<WithdrawalStatus> DecideAsync(string name, ReadOnlyMemory<byte> content, string? eTag, CancellationToken cancellationToken)
    {
        var (request, problem) = WithdrawalRequest.Parse(name, content.Span);
        var reviewer = ReviewerIdentity.FromBlob(request?.By ?? "未署名");
        // This request and its retries share an id (the blob's name and version); another request has another.
        var requestKey = $"{name}\n{eTag ?? Sha256.Hex(content.Span)}";
        if (problem is not null) return await AuditAsync(Rejected(name, eTag, problem), name, reviewer, requestKey, cancellationToken);
        if (!review.Value.BlobDecisionsAllowed)
        {
            return await AuditAsync(Rejected(name, eTag, new WithdrawalProblem(WithdrawalCodes.UnverifiedRefused,
                $"撤回申请“{name}”未执行：本系统只接受在审核台登录后作出的撤回（申请文件中的经办人无法核实身份）。网站未作任何更改。")) with
            {
                Body = request!.Body, Year = request.Year, Reason = request.Reason, By = request.By,
            }, name, reviewer, requestKey, cancellationToken);
        }
        var requestId = Sha256.Hex(Encoding.UTF8.GetBytes(requestKey))[..32];
        var order = new WithdrawalOrder(request!.Body, request.Year, request.Reason, request.By);
        return await AuditAsync(Outcome(name, eTag, request, await publisher.WithdrawAsync(order, requestId, name, cancellationToken)),
            name, reviewer, requestKey, cancellationToken);
    }

    /// <summary>
    /// A withdrawal taken in the review console by <paramref name="reviewer"/> (from the verified sign-in): the reviewer saw
    /// <paramref name="seenVersion"/> live and gave <paramref name="reason"/>. Checked like a request blob (a reason of at most
    /// <see cref="WithdrawalRequest.MaxReasonLength"/> characters, something published), refused when another version went live
    /// since the page was shown (<see cref="WithdrawalCodes.Stale"/>); carried out, recorded in results under a
    /// <c>console-…</c> name, announced and audited like any other. The 撤回公告's 经办 is the reviewer.
    /// </summary>
    public async Task<WithdrawalStatus> WithdrawInConsoleAsync(string body, int year, string? reason, int seenVersion, ReviewerIdentity reviewer,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requestId = Guid.NewGuid().ToString("N");
        var name = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{ConsoleRequest}-{SiteSlug.ForBody(body)}-{year}-{now:yyyyMMdd'T'HHmmssfff}-{requestId[..8]}");
        reason = reason?.Trim();
        WithdrawalStatus status;
        if (string.IsNullOrEmpty(reason))
        {
            status = Rejected(name, null, new WithdrawalProblem(WithdrawalCodes.FieldMissing, "撤回须填写撤回原因（将在撤回公告中公开）。未作撤回，网站未作任何更改。"));
        }
        else if (reason.Length > WithdrawalRequest.MaxReasonLength)
        {
            status = Rejected(name, null, new WithdrawalProblem(WithdrawalCodes.FieldInvalid,
                $"撤回原因不应超过 {WithdrawalRequest.MaxReasonLength} 字（实际 {reason.Length} 字）。未作撤回，网站未作任何更改。"));
        }
        else if (await publisher.GetLiveEntryAsync(body, year, cancellationToken) is { } live && live.Version != seenVersion)
        {
            status = Rejected(name, null, new WithdrawalProblem(WithdrawalCodes.Stale,
                $"撤回页面显示的是“{body}”{year}年度报告的第 {seenVersion} 版，而现行版本已是第 {live.Version} 版。未作撤回，网站未作任何更改；请重新打开页面核对后再撤回。"));
        }
        else
        {
            var request = new WithdrawalRequest(body, year, reason, reviewer.Label);
            status = Outcome(name, null, request,
                await publisher.WithdrawAsync(new WithdrawalOrder(body, year, reason, reviewer.Label), requestId, name, cancellationToken));
        }
        status = await AuditAsync(status with { Body = status.Body ?? body, Year = status.Year ?? year, Reason = status.Reason ?? reason }, ConsoleRequest,
            reviewer, requestKey: null, cancellationToken);
        return await RecordAsync(status, cancellationToken);
    }

    /// <summary>The outcome's write-once audit record (a request blob's version gets one, whatever its retries) and the outcome naming it.</summary>
    private async Task<WithdrawalStatus> AuditAsync(WithdrawalStatus status, string request, ReviewerIdentity reviewer, string? requestKey,
        CancellationToken cancellationToken)
    {
        var entry = new AuditRecord
        {
            Action = status.Outcome == WithdrawalOutcome.Withdrawn ? AuditRecord.WithdrawnAction : AuditRecord.RefusedAction,
            Code = status.Code, Message = status.Message, Reviewer = reviewer, Reason = status.Reason, Request = request,
            Body = status.Body, Year = status.Year, SiteVersion = status.Version, At = audit.Now,
        };
        var record = requestKey is null
            ? await audit.AppendAsync(entry, cancellationToken)
            : await audit.AppendOnceAsync(entry, requestKey, cancellationToken);
        return status with { AuditId = record.Id };
    }

    /// <summary>The status record of a withdrawal blob, or null if it has none yet.</summary>
    public async Task<WithdrawalStatus?> GetStatusAsync(string name, CancellationToken cancellationToken = default) =>
        await results.ReadJsonAsync(StatusPath(name), cancellationToken) is { } json ? WithdrawalStatus.FromJson(json) : null;

    private WithdrawalStatus Outcome(string name, string? eTag, WithdrawalRequest request, SiteWithdrawalResult result)
    {
        if (result.Outcome == SiteWithdrawalOutcome.NotPublished)
        {
            return Rejected(name, eTag, new WithdrawalProblem(WithdrawalCodes.NotPublished,
                $"撤回申请“{name}”：网站上没有“{request.Body}”{request.Year}年度已发布的报告，未作撤回，网站未作任何更改。请核对机关名称（须与报告中的名称完全一致）和年度。")) with
            {
                Body = request.Body,
                Year = request.Year,
            };
        }
        var current = result.Current!;
        var withdrawal = result.Withdrawal!;
        var versions = result.Versions.Select(v => v.Version).ToList();
        var (outcome, code, message) = result.Outcome == SiteWithdrawalOutcome.Withdrawn
            ? (WithdrawalOutcome.Withdrawn, (string?)null,
                $"已撤回《{current.Title}》（现行第 {current.Version} 版{(versions.Count > 1 ? $"及此前全部 {versions.Count} 个版本" : "")}），已发布撤回公告，报告文件已移入存档。")
            : (WithdrawalOutcome.Unchanged, WithdrawalCodes.AlreadyWithdrawn,
                $"《{current.Title}》已于 {ChinaTime.FormatChinese(withdrawal.At)} 撤回（撤回原因：{withdrawal.Reason}），无需再次撤回，网站未作更改。");
        return Status(name, eTag, outcome, message) with
        {
            Code = code,
            Body = current.Body,
            Year = current.Year,
            Version = current.Version,
            Versions = versions,
            Reason = withdrawal.Reason,
            By = withdrawal.By,
            WithdrawnAt = withdrawal.At,
            Archived = result.Archived,
            Links =
            [
                new("withdrawal-notice", result.Notice!.AbsoluteUri),
                new("body", publisher.BodyPageUrl(current.Slug).AbsoluteUri),
                new("index", publisher.IndexUrl.AbsoluteUri),
            ],
        };
    }

    private WithdrawalStatus Rejected(string name, string? eTag, WithdrawalProblem problem) =>
        Status(name, eTag, WithdrawalOutcome.Rejected, problem.Message) with { Code = problem.Code };

    private WithdrawalStatus Status(string name, string? eTag, WithdrawalOutcome outcome, string message) => new()
    {
        Withdrawal = name,
        Outcome = outcome,
        Message = message,
        ETag = eTag,
        ProcessedAt = time.GetUtcNow(),
    };

    /// <summary>
    /// Every outcome ends here: the status record in results (written last, so a crash before it leaves the blob to be
    /// processed again). The place to tell others about the outcome (notifications: <c>withdrawn</c>).
    /// </summary>
    protected override async Task<WithdrawalStatus> RecordAsync(WithdrawalStatus status, CancellationToken cancellationToken)
    {
        // Outcomes the request skeleton decides itself (deleted, oversized, internal error, storage given up) are audited here;
        // a failure is not final (the blob is tried again), so it is not keyed to the blob version.
        if (status.AuditId is null)
        {
            status = await AuditAsync(status, status.Withdrawal, ReviewerIdentity.FromBlob(status.By ?? "未署名"),
                status.Outcome == WithdrawalOutcome.Failed || status.ETag is null ? null : $"{status.Withdrawal}\n{status.ETag}", cancellationToken);
        }
        await results.WriteJsonAsync(StatusPath(status.Withdrawal), status.ToJson(), cancellationToken);
        Logger.LogInformation("Withdrawal {Name} {Outcome} {Code}: {Message}", status.Withdrawal, status.Outcome, status.Code, status.Message);
        if (status.Outcome == WithdrawalOutcome.Withdrawn)
        {
            // The webhooks hear of the withdrawal itself; refused requests stay in results for whoever wrote them.
            await notifier.NotifyAsync(NotificationEvent.Of("withdrawn", status.Withdrawal, status.Body, status.Year, status.Version,
                status.Message, status.Links, status.ProcessedAt), cancellationToken);
            // The register's ledger: the body's report is withdrawn (never throws, see ILedger).
            if (ledger is not null && status is { Body: { } body, Year: { } year })
            {
                await ledger.RecordAsync(new Ledger.LedgerEvent(body, year, Ledger.LedgerEventKind.Withdrawn, status.ProcessedAt, status.Withdrawal), cancellationToken);
            }
        }
        return status;
    }
}
