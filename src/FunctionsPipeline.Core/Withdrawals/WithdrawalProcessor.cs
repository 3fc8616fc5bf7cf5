using FunctionsPipeline.Core.Notifications;
using System.Text;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

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
/// </summary>
public sealed class WithdrawalProcessor(StorageContainers containers, ResultRecords results, SitePublisher publisher, TimeProvider time,
    ILogger<WithdrawalProcessor> logger, INotifier notifier, Ledger.ILedger? ledger = null) : BlobRequestProcessor<WithdrawalStatus>(logger), IWithdrawalProcessor
{
    public const string StatusFolder = "withdrawals";

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
        if (problem is not null) return Rejected(name, eTag, problem);
        // This request and its retries share an id (the blob's name and version); another request has another.
        var requestId = Sha256.Hex(Encoding.UTF8.GetBytes($"{name}\n{eTag ?? Sha256.Hex(content.Span)}"))[..32];
        var order = new WithdrawalOrder(request!.Body, request.Year, request.Reason, request.By);
        return Outcome(name, eTag, request, await publisher.WithdrawAsync(order, requestId, name, cancellationToken));
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
