using FunctionsPipeline.Core.Notifications;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Uploads;
using Microsoft.Extensions.Logging;

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
public sealed class WithdrawalProcessor : IWithdrawalProcessor
{
    public const string StatusFolder = "withdrawals";

    private readonly UploadContainers _containers;
    private readonly SitePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<WithdrawalProcessor> _logger;
    private readonly INotifier _notifier;
    private readonly UploadRecords _records;

    public WithdrawalProcessor(UploadContainers containers, UploadRecords records, SitePublisher publisher, TimeProvider time, ILogger<WithdrawalProcessor> logger,
        INotifier notifier)
    {
        _containers = containers;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _notifier = notifier;
        _records = records;
        Site = new SiteWithdrawal(publisher, containers.Archive, time, logger);
    }

    public SiteWithdrawal Site { get; }

    public UploadContainers Containers => _containers;

    /// <summary>Where a withdrawal's status record is: <c>withdrawals/{ResultNames.Stem(name)}.json</c> in results.</summary>
    public static string StatusPath(string name) => $"{StatusFolder}/{ResultNames.Status(name)}";

    public Uri StatusUri(string name) => _containers.Results.GetBlobClient(StatusPath(name)).Uri;

    /// <summary>The trigger's entry: skips a version already finished, reads at most the size limit, then processes the bytes.</summary>
    public async Task<WithdrawalStatus> ProcessAsync(string name, BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _logger.LogWarning("Withdrawal {Name} no longer exists", name);
            return await RecordAsync(Status(name, null, WithdrawalOutcome.Failed, $"撤回申请“{name}”在处理前已被删除，未作处理，网站未作任何更改。"), cancellationToken);
        }
        var eTag = properties.ETag.ToString();
        if (await GetStatusAsync(name, cancellationToken) is { } done && done.IsFinalFor(eTag))
        {
            _logger.LogInformation("Withdrawal {Name} ({ETag}) was already processed: {Outcome}", name, eTag, done.Outcome);
            return done;
        }
        if (properties.ContentLength > WithdrawalRequest.MaxBytes)
        {
            return await RecordAsync(Rejected(name, eTag, WithdrawalRequest.TooLarge(name, properties.ContentLength)), cancellationToken);
        }
        var content = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
        return await ProcessAsync(name, content.Value.Content.ToMemory(), eTag, cancellationToken);
    }

    /// <summary>Processes a request's bytes (the CLI in-process, tests). <paramref name="eTag"/> identifies the blob version, when there is a blob.</summary>
    public async Task<WithdrawalStatus> ProcessAsync(string name, ReadOnlyMemory<byte> content, string? eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var scope = _logger.BeginScope("Withdrawal {Name}", name);
        var (request, problem) = WithdrawalRequest.Parse(name, content.Span);
        if (problem is not null) return await RecordAsync(Rejected(name, eTag, problem), cancellationToken);

        WithdrawalStatus status;
        try
        {
            // This request and its retries share an id (the blob's name and version); another request has another.
            var requestId = Sha256.Hex(Encoding.UTF8.GetBytes($"{name}\n{eTag ?? Sha256.Hex(content.Span)}"))[..32];
            var result = await Site.WithdrawAsync(new WithdrawalOrder(request!.Body, request.Year, request.Reason, request.By), requestId, name, cancellationToken);
            status = Outcome(name, eTag, request!, result);
        }
        catch (Exception ex) when (!StorageErrors.IsUnavailable(ex, cancellationToken))
        {
            var incident = Guid.NewGuid().ToString("N")[..8];
            _logger.LogError(ex, "Withdrawal {Name} failed unexpectedly (incident {Incident})", name, incident);
            status = Status(name, eTag, WithdrawalOutcome.Failed,
                $"处理撤回申请“{name}”时发生内部错误，撤回未完成。请联系管理员并提供错误编号 {incident}；重新写入该申请即可重试，已完成的步骤不会重复。") with
            {
                Body = request!.Body,
                Year = request.Year,
            };
        }
        return await RecordAsync(status, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WithdrawalStatus> RecordFailedAsync(string name, string? eTag, CancellationToken cancellationToken)
    {
        if (await GetStatusAsync(name, cancellationToken) is { } done && done.IsFinalFor(eTag)) return done;
        _logger.LogWarning("Withdrawal {Name} ({ETag}) failed after repeated storage errors", name, eTag);
        return await RecordAsync(Status(name, eTag, WithdrawalOutcome.Failed,
            $"撤回申请“{name}”多次处理均因存储服务暂时不可用而失败，撤回未完成。请稍后重新写入该申请（已完成的步骤不会重复）；如仍失败，请联系管理员。"), cancellationToken);
    }

    /// <summary>
    /// Hands a poison-queue message about a withdrawal blob (container <paramref name="withdrawalsContainer"/>) to
    /// <see cref="RecordFailedAsync"/>; false when the message is about another container (an upload).
    /// </summary>
    public static async Task<bool> RecordPoisonAsync(IWithdrawalProcessor processor, string message, string withdrawalsContainer, CancellationToken cancellationToken)
    {
        if (PoisonMessages.Parse(message) is not { ContainerName: { } container, BlobName: { } name } poisoned || container != withdrawalsContainer) return false;
        await processor.RecordFailedAsync(name, poisoned.ETag, cancellationToken);
        return true;
    }

    /// <summary>The status record of a withdrawal blob, or null if it has none yet.</summary>
    public async Task<WithdrawalStatus?> GetStatusAsync(string name, CancellationToken cancellationToken = default) =>
        await _records.ReadJsonAsync(StatusPath(name), cancellationToken) is { } json ? WithdrawalStatus.FromJson(json) : null;

    private WithdrawalStatus Outcome(string name, string? eTag, WithdrawalRequest request, SiteWithdrawalResult result)
    {
        if (result.Outcome == SiteWithdrawalOutcome.NotPublished)
        {
            return Rejected(name, eTag, new WithdrawalProblem(WithdrawalCodes.NotPublished,
                $"网站上没有“{request.Body}”{request.Year}年度已发布的报告，未作撤回，网站未作任何更改。请核对机关名称（须与报告中的名称完全一致）和年度。")) with
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
                new("body", _publisher.UrlOf(Publishing.Site.SiteLayout.BodyPage(current.Slug)).AbsoluteUri),
                new("index", _publisher.UrlOf(IndexPage.FileName).AbsoluteUri),
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
        ProcessedAt = _time.GetUtcNow(),
    };

    /// <summary>
    /// Every outcome ends here: the status record in results (written last, so a crash before it leaves the blob to be
    /// processed again). The place to tell others about the outcome (notifications: <c>withdrawn</c>).
    /// </summary>
    private async Task<WithdrawalStatus> RecordAsync(WithdrawalStatus status, CancellationToken cancellationToken)
    {
        await _records.WriteJsonAsync(StatusPath(status.Withdrawal), status.ToJson(), cancellationToken);
        _logger.LogInformation("Withdrawal {Name} {Outcome} {Code}: {Message}", status.Withdrawal, status.Outcome, status.Code, status.Message);
        if (status.Outcome == WithdrawalOutcome.Withdrawn)
        {
            // The webhooks hear of the withdrawal itself; refused requests stay in results for whoever wrote them.
            await _notifier.NotifyAsync(NotificationEvent.Of("withdrawn", status.Withdrawal, status.Body, status.Year, status.Version,
                status.Message, status.Links, status.ProcessedAt), cancellationToken);
        }
        return status;
    }
}
