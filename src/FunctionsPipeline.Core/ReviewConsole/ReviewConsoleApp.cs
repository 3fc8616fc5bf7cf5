using System.Text;
using Azure;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.Withdrawals;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.ReviewConsole;

/// <summary>
/// The review console, whatever hosts it (<c>Hosting.ReviewConsoleHttp</c> maps HTTP onto it): the queue of previews
/// awaiting a decision (<c>GET ./</c>), one preview (<c>GET preview?upload=…</c>) with its files read from the private
/// <c>previews</c> container (<c>GET files/…</c>), a decision (<c>POST decide</c>), and a body and year's history
/// (<c>GET history?body=…&amp;year=…</c>) with its live publication and the form that withdraws it (<c>POST withdraw</c>), and
/// the region's summary workbook for a year (<c>GET summary?year=…</c>, as <c>fp summarize</c> writes it), and the office's
/// 发布情况台账 of a year (<c>GET ledger?year=…</c>, as <c>fp ledger</c> orders it; <c>GET ledger.csv?year=…</c> the same rows as CSV).
/// Every request needs a reviewer from <see cref="ReviewerSignIn"/>; a decision or withdrawal also needs a same-origin POST.
/// Decisions go through <see cref="ApprovalProcessor.DecideInConsoleAsync"/>, withdrawals through
/// <see cref="WithdrawalProcessor.WithdrawInConsoleAsync"/>; refusals of either (identity, role, cross-site) get their own
/// audit record.
/// </summary>
public sealed class ReviewConsoleApp(ReviewerSignIn signIn, ApprovalProcessor approvals, WithdrawalProcessor withdrawals, PreviewStore previews,
    AuditTrail audit, SitePublisher publisher, SummaryExport summaries, LedgerStore ledger, TimeProvider time, ILogger<ReviewConsoleApp> logger)
{
    /// <summary>Console pages: no script at all, forms post only to the console, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async Task<ConsoleResponse> HandleAsync(ConsoleRequest request, CancellationToken cancellationToken)
    {
        var response = await RouteAsync(request, cancellationToken);
        var headers = new Dictionary<string, string>(response.Headers)
        {
            ["Cache-Control"] = "no-store",
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "same-origin",
            ["X-Frame-Options"] = "DENY",
        };
        if (response.ContentType.StartsWith("text/html", StringComparison.Ordinal) && !request.Path.StartsWith("files/", StringComparison.Ordinal))
        {
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
        }
        return response with { Headers = headers };
    }

    private async Task<ConsoleResponse> RouteAsync(ConsoleRequest request, CancellationToken cancellationToken)
    {
        if (request.Path == ConsolePages.StyleFile && !request.IsPost)
        {
            return new ConsoleResponse(200, "text/css; charset=utf-8", Encoding.UTF8.GetBytes(ConsolePages.Css), new Dictionary<string, string>());
        }
        var signedIn = signIn.Resolve(request);
        if (request.IsPost)
        {
            return request.Path switch
            {
                "decide" => await DecideAsync(request, signedIn, cancellationToken),
                "withdraw" => await WithdrawAsync(request, signedIn, cancellationToken),
                _ => ConsoleResponse.Html(404, ConsolePages.NotFound("没有这个操作。", signedIn.Reviewer)),
            };
        }
        if (signedIn.Code is { } code)
        {
            return ConsoleResponse.Html(code == ReviewCodes.NotReviewer ? 403 : 401, ConsolePages.Refusal(code, signedIn.Message!, signedIn.Reviewer));
        }
        var reviewer = signedIn.Reviewer!;
        switch (request.Path)
        {
            case "":
                return ConsoleResponse.Html(200, ConsolePages.Queue(await PendingAsync(cancellationToken), reviewer));
            case "preview":
                return request.QueryValue("upload") is { } upload && await previews.GetAsync(upload, cancellationToken) is var (record, _)
                    ? ConsoleResponse.Html(200, ConsolePages.Preview(record, reviewer))
                    : ConsoleResponse.Html(404, ConsolePages.NotFound("找不到该上传文件的审核预览。", reviewer));
            case "history":
                if (request.QueryValue("body") is { } body && int.TryParse(request.QueryValue("year"), out var year))
                {
                    return ConsoleResponse.Html(200, ConsolePages.History(body, year, await audit.HistoryAsync(body, year, cancellationToken),
                        await publisher.GetLiveEntryAsync(body, year, cancellationToken), reviewer));
                }
                return ConsoleResponse.Html(404, ConsolePages.NotFound("请指定机关名称和年度。", reviewer));
            case "summary":
                return await SummaryAsync(request, reviewer, summaries, cancellationToken);
            case "ledger":
            case "ledger.csv":
                return await LedgerAsync(request, reviewer, cancellationToken);
        }
        if (request.Path.StartsWith("files/", StringComparison.Ordinal))
        {
            return await FileAsync(request.Path["files/".Length..], reviewer, cancellationToken);
        }
        return ConsoleResponse.Html(404, ConsolePages.NotFound("没有这个页面。", reviewer));
    }

    /// <summary>
    /// What every POST must pass before it is acted on: posted from the console's own pages (a form posted from another
    /// site names that site in <c>Origin</c>; every browser sends it on a cross-site POST), by a signed-in reviewer.
    /// </summary>
    private async Task<ConsoleResponse?> RefusePostAsync(ConsoleRequest request, SignInResult signedIn, string? upload, CancellationToken cancellationToken)
    {
        if (request.Header("Origin") is not { } origin || !string.Equals(origin.TrimEnd('/'), request.Origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(403, ReviewCodes.CrossSite, "审核决定和撤回须在本审核台的页面上提交；来自其他网站的请求被拒绝，未作任何更改。",
                signedIn.Reviewer, upload, cancellationToken);
        }
        if (signedIn.Code is { } code)
        {
            return await RefuseAsync(code == ReviewCodes.NotReviewer ? 403 : 401, code, signedIn.Message! + "未作任何更改。", signedIn.Reviewer, upload,
                cancellationToken);
        }
        return null;
    }

    private async Task<ConsoleResponse> DecideAsync(ConsoleRequest request, SignInResult signedIn, CancellationToken cancellationToken)
    {
        var upload = request.FormValue("upload");
        if (await RefusePostAsync(request, signedIn, upload, cancellationToken) is { } refused) return refused;
        var (decision, version) = (request.FormValue("decision"), request.FormValue("version"));
        if (upload is null || version is null || decision is not (Approval.Approved or Approval.Rejected))
        {
            return await RefuseAsync(400, ReviewCodes.Malformed, "审核表单不完整（缺少上传文件、版本或决定），未作任何更改。", signedIn.Reviewer, upload, cancellationToken);
        }
        var status = await approvals.DecideInConsoleAsync(upload, decision, request.FormValue("reason"), version, signedIn.Reviewer!, cancellationToken);
        logger.LogInformation("Console decision on {Upload} by {Reviewer}: {Outcome} {Code}", upload, signedIn.Reviewer!.ObjectId ?? signedIn.Reviewer.DisplayName,
            status.Outcome, status.Code);
        return ConsoleResponse.Html(status.Outcome is ApprovalOutcome.Refused ? 409 : status.Outcome is ApprovalOutcome.Failed ? 500 : 200,
            ConsolePages.Outcome(status, signedIn.Reviewer));
    }

    /// <summary>A withdrawal from the history page's form: body, year, the live version shown, and the reason (public on the 撤回公告).</summary>
    private async Task<ConsoleResponse> WithdrawAsync(ConsoleRequest request, SignInResult signedIn, CancellationToken cancellationToken)
    {
        var body = request.FormValue("body");
        int? year = int.TryParse(request.FormValue("year"), out var y) ? y : null;
        if (await RefusePostAsync(request, signedIn, null, cancellationToken) is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(body) || year is null || !int.TryParse(request.FormValue("version"), out var version))
        {
            return await RefuseAsync(400, ReviewCodes.Malformed, "撤回表单不完整（缺少机关名称、年度或版本），未作任何更改。", signedIn.Reviewer, null, cancellationToken);
        }
        var status = await withdrawals.WithdrawInConsoleAsync(body, year.Value, request.FormValue("reason"), version, signedIn.Reviewer!, cancellationToken);
        logger.LogInformation("Console withdrawal of {Body} {Year} by {Reviewer}: {Outcome} {Code}", body, year, signedIn.Reviewer!.ObjectId ?? signedIn.Reviewer.DisplayName,
            status.Outcome, status.Code);
        return ConsoleResponse.Html(status.Outcome is WithdrawalOutcome.Rejected ? 409 : status.Outcome is WithdrawalOutcome.Failed ? 500 : 200,
            ConsolePages.WithdrawalOutcome(status, signedIn.Reviewer));
    }

    /// <summary>A refused request's audit record (filed unattributed: what the form names is not trusted) and its page.</summary>
    private async Task<ConsoleResponse> RefuseAsync(int status, string code, string message, ReviewerIdentity? reviewer, string? upload,
        CancellationToken cancellationToken)
    {
        var record = await audit.AppendAsync(new AuditRecord
        {
            Action = AuditRecord.RefusedAction, Code = code, Message = message, Request = ApprovalProcessor.ConsoleRequest, Upload = upload,
            Reviewer = reviewer ?? new ReviewerIdentity("未登录", null, null, false, "none"), At = audit.Now,
        }, cancellationToken);
        logger.LogWarning("Console request refused: {Code} (audit {AuditId})", code, record.Id);
        return ConsoleResponse.Html(status, ConsolePages.Refusal(code, message, reviewer));
    }

    /// <summary>
    /// Every preview no decision has been taken on and no later upload superseded, oldest first: one per body and year,
    /// found through the queue's pointers (<c>_pending/</c>), not by listing every preview file.
    /// </summary>
    private async Task<IReadOnlyList<PreviewRecord>> PendingAsync(CancellationToken cancellationToken)
    {
        var pending = new List<PreviewRecord>();
        await foreach (var upload in previews.PendingUploadsAsync(cancellationToken))
        {
            if (await previews.GetAsync(upload, cancellationToken) is ({ IsPending: true } record, _)) pending.Add(record);
        }
        return pending.OrderBy(p => p.PreviewedAt).ThenBy(p => p.Upload, StringComparer.Ordinal).ToList();
    }

    /// <summary>The region's summary workbook for <c>year</c> (every registered body but the 本级政府), as an attachment.</summary>
    private static async Task<ConsoleResponse> SummaryAsync(ConsoleRequest request, ReviewerIdentity reviewer, SummaryExport summaries,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(request.QueryValue("year"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
        {
            return ConsoleResponse.Html(400, ConsolePages.NotFound("请填写要汇总的年度（如 2024）。", reviewer));
        }
        var (outcome, workbook) = await summaries.WorkbookAsync(year, request.QueryValue("bodies"), cancellationToken);
        if (workbook is null)
        {
            return ConsoleResponse.Html(outcome.ExitCode == 2 ? 400 : 404, ConsolePages.NotFound(outcome.Message, reviewer));
        }
        var name = $"{outcome.Summary!.LocalGovernment?.Name ?? "本级政府"}{year}年度报告汇总.xlsx";
        return new ConsoleResponse(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook, new Dictionary<string, string>
        {
            ["Content-Disposition"] = $"attachment; filename=\"summary-{year}.xlsx\"; filename*=UTF-8''{Uri.EscapeDataString(name)}",
        });
    }

    /// <summary>
    /// The year's 发布情况台账 (<c>year</c>, default the last report year: the current year in China time − 1) as a page, or
    /// for <c>ledger.csv</c> as CSV; without a register, a page saying how to load one.
    /// </summary>
    private async Task<ConsoleResponse> LedgerAsync(ConsoleRequest request, ReviewerIdentity reviewer, CancellationToken cancellationToken)
    {
        int year;
        if (request.QueryValue("year") is not { } given)
        {
            year = ChinaTime.ToChina(time.GetUtcNow()).Year - 1;
        }
        else if (!int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year) || year is < 2000 or > 2100)
        {
            return ConsoleResponse.Html(400, ConsolePages.NotFound("年度应为四位数字（如 2024）。", reviewer));
        }
        if (await ledger.ReadAsync(year, cancellationToken) is not { } view)
        {
            return ConsoleResponse.Html(404, ConsolePages.LedgerWithoutRegister(year, reviewer));
        }
        if (request.Path == "ledger") return ConsoleResponse.Html(200, ConsolePages.Ledger(view, reviewer));
        return new ConsoleResponse(200, "text/csv; charset=utf-8", LedgerCsv.Write(view), new Dictionary<string, string>
        {
            ["Content-Disposition"] = $"attachment; filename=\"ledger-{year}.csv\"; filename*=UTF-8''{Uri.EscapeDataString($"{year}年度报告发布情况台账.csv")}",
        });
    }

    /// <summary>A file of a preview, from the private container (the reviewer reads what would be published).</summary>
    private async Task<ConsoleResponse> FileAsync(string path, ReviewerIdentity reviewer, CancellationToken cancellationToken)
    {
        path = Uri.UnescapeDataString(path);
        if (path.Length == 0 || path.Split('/').Any(s => s is "" or "." or ".."))
        {
            return ConsoleResponse.Html(404, ConsolePages.NotFound("没有这个文件。", reviewer));
        }
        try
        {
            var content = await previews.Container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return new ConsoleResponse(200, content.Value.Details.ContentType ?? "application/octet-stream", content.Value.Content.ToArray(),
                new Dictionary<string, string>());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ConsoleResponse.Html(404, ConsolePages.NotFound("没有这个文件。", reviewer));
        }
    }
}
