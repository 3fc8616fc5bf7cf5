using FunctionsPipeline.Core.Publishing.Pages;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Publishing;

public enum SiteWithdrawalOutcome
{
    /// <summary>This request withdrew the publication (or a retry of it completed the withdrawal).</summary>
    Withdrawn,
    /// <summary>Another request had withdrawn it; this call only made sure that withdrawal is complete.</summary>
    AlreadyWithdrawn,
    /// <summary>Nothing is published for the body and year: nothing was written.</summary>
    NotPublished,
}

/// <summary>What a withdrawal did to the site. <see cref="Current"/> is the version that was current; <see cref="Versions"/> all it withdrew.</summary>
public sealed record SiteWithdrawalResult(
    SiteWithdrawalOutcome Outcome,
    ManifestEntry? Current,
    IReadOnlyList<ManifestEntry> Versions,
    Withdrawal? Withdrawal,
    Uri? Notice,
    IReadOnlyList<string> Archived);

/// <summary>What to take off the site: the body and year's publication, why, and who asked.</summary>
public sealed record WithdrawalOrder(string Body, int Year, string Reason, string? By);

/// <summary>The withdrawal's record in the private archive: <c>withdrawals/{slug}/{year}/v{n}.json</c>.</summary>
public sealed record WithdrawalClaim(string RequestId, string Request, string Body, int Year, int Version, string Reason, string? By, DateTimeOffset At);

/// <summary>
/// Takes a published report off the site (撤回): the whole publication of a body and year, every version of it, is
/// withdrawn and the 撤回公告 names the version that was current.
/// <para>
/// Steps (<see cref="WithdrawalSteps"/>), each idempotent, so a crash between any two and a retry end in the same site:
/// (1) the claim, the withdrawal's record in the private archive, created once (If-None-Match) and re-used by a retry,
/// so every attempt shows the same time, reason and person; (2) the 撤回公告 in $web (nothing links it yet);
/// (3) the body's manifest marks every version withdrawn (from here the record says withdrawn); (4) every listing:
/// body page, year catalogue row, month rows, recent list → feed and index, sitemap, then the body's open data file
/// (deleted; the year's combined files drop it at the next round); (5) each withdrawn version's
/// notice: the original is copied to the archive, then the $web copy is rewritten to say the report was withdrawn
/// (no links to the files); (6) each file (PDF, OFD, HTML, report.json) is copied to the archive, read back and its
/// SHA-256 compared, and only then deleted from $web (If-Match on the ETag that was copied). Nothing is lost: a file
/// leaves $web only when its verified copy is in the archive, under the same name.
/// </para>
/// </summary>
internal sealed class SiteWithdrawal(SitePublisher publisher, BlobContainerClient archive, TimeProvider time, ILogger logger)
{
    public const string ClaimsFolder = "withdrawals";
    private const string HashMetadata = "contentsha256";
    private const string WithdrawnMetadata = "withdrawn";
    private volatile bool _archiveReady;

    private static readonly JsonSerializerOptions ClaimJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public BlobContainerClient Archive => archive;

    public static string ClaimPath(string body, int year, int version) =>
        $"{ClaimsFolder}/{SiteSlug.ForBody(body)}/{year}/v{version}.json";

    /// <summary>Withdraws the current publication of <paramref name="request"/>'s body and year; <paramref name="requestId"/> tells this request's retries from another request.</summary>
    public async Task<SiteWithdrawalResult> WithdrawAsync(WithdrawalOrder request, string requestId, string requestName, CancellationToken cancellationToken)
    {
        var listings = publisher.Listings;
        var (manifest, _) = await listings.ReadBodyAsync(request.Body, cancellationToken);
        var latest = manifest.Latest(request.Body, request.Year);
        if (latest is null) return new(SiteWithdrawalOutcome.NotPublished, null, [], null, null, []);

        // The version to withdraw: the current one, or, when it is withdrawn already, the one whose withdrawal to complete.
        var version = latest.Withdrawn?.NoticeVersion ?? latest.Version;
        var claim = latest.IsWithdrawn
            ? await ReadClaimAsync(ClaimPath(request.Body, request.Year, version), cancellationToken)
            : await ClaimAsync(request, requestId, requestName, version, cancellationToken);
        var withdrawal = latest.Withdrawn ?? new Withdrawal(claim!.At, claim.Reason, claim.By, version);
        var ours = claim?.RequestId == requestId;

        var targets = manifest.Publications
            .Where(p => p.IsFor(request.Body, request.Year) && p.Version <= version && (!p.IsWithdrawn || p.Withdrawn!.NoticeVersion == version))
            .Select(p => p with { Withdrawn = withdrawal }).OrderBy(p => p.Version).ToList();
        var current = targets.Last(p => p.Version == version);

        var noticePath = SiteSlug.WithdrawalNotice(request.Body, request.Year, version);
        await WriteNoticeAsync(noticePath, Utf8(WithdrawalNoticePage.Render(new WithdrawalNoticeModel(current, targets, withdrawal))), cancellationToken);

        var marked = await listings.UpdateBodyAsync(current.Slug,
            m => m.WithWithdrawn(request.Body, request.Year, version, withdrawal, ChinaTime.ToChina(time.GetUtcNow())), cancellationToken);
        var listed = marked.Publications.Where(p => p.IsFor(request.Body, request.Year) && p.Withdrawn?.NoticeVersion == version).OrderBy(p => p.Version).ToList();
        await listings.RefreshWithdrawnAsync(listed, marked, cancellationToken);
        // The body's open data file goes (the year's combined files drop its rows at the timer's next round).
        await publisher.Data.RemoveBodyAsync(current.Slug, request.Year, version, cancellationToken);

        await RewriteNoticesAsync(listed, withdrawal, cancellationToken);
        var archived = new List<string>();
        foreach (var e in listed)
        {
            foreach (var path in new[] { e.Pdf, e.Ofd, e.Html, e.Report })
            {
                if (path is not null && await MoveToArchiveAsync(path, cancellationToken)) archived.Add(path);
            }
        }
        logger.LogInformation("Withdrew {Body} {Year} through version {Version} ({Count} versions; {Files} files archived)",
            request.Body, request.Year, version, listed.Count, archived.Count);
        return new(ours ? SiteWithdrawalOutcome.Withdrawn : SiteWithdrawalOutcome.AlreadyWithdrawn, current with { Withdrawn = withdrawal }, listed, withdrawal,
            publisher.UrlOf(noticePath), archived);
    }

    /// <summary>Writes the 撤回公告 unless it is there with this content (a retry or a repeated request writes nothing).</summary>
    private async Task WriteNoticeAsync(string path, BinaryData page, CancellationToken cancellationToken)
    {
        var hash = Sha256.Hex(page.ToMemory().Span);
        try
        {
            var props = await publisher.Container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (props.Value.Metadata.TryGetValue(HashMetadata, out var stored) && stored == hash) return;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        await publisher.BeforeStepAsync(WithdrawalSteps.Notice, cancellationToken);
        await UploadAsync(publisher.Container, path, page, SiteStore.HtmlType, publisher.Options.ListingCacheControl,
            new Dictionary<string, string> { [HashMetadata] = hash }, ifNoneMatch: false, cancellationToken);
    }

    /// <summary>Creates the claim unless there is one (ours from a crashed attempt, or another request's): returns the stored one.</summary>
    private async Task<WithdrawalClaim> ClaimAsync(WithdrawalOrder request, string requestId, string requestName, int version, CancellationToken cancellationToken)
    {
        await EnsureArchiveAsync(cancellationToken);
        var path = ClaimPath(request.Body, request.Year, version);
        var claim = new WithdrawalClaim(requestId, requestName, request.Body, request.Year, version, request.Reason, request.By, ChinaTime.ToChina(time.GetUtcNow()));
        await publisher.BeforeStepAsync(WithdrawalSteps.Claim, cancellationToken);
        try
        {
            await UploadAsync(archive, path, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(claim, ClaimJson)), SiteStore.JsonType,
                "no-cache", metadata: null, ifNoneMatch: true, cancellationToken);
            return claim;
        }
        catch (RequestFailedException ex) when (SiteStore.IsConditionFailure(ex))
        {
            return await ReadClaimAsync(path, cancellationToken) ?? throw new InvalidOperationException($"{path} exists but cannot be read");
        }
    }

    private async Task<WithdrawalClaim?> ReadClaimAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var content = await archive.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize<WithdrawalClaim>(content.Value.Content.ToMemory().Span, ClaimJson);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Archives each version's original notice (once), then rewrites it in $web to say it was withdrawn.</summary>
    private async Task RewriteNoticesAsync(IReadOnlyList<ManifestEntry> withdrawn, Withdrawal withdrawal, CancellationToken cancellationToken)
    {
        var announced = false;
        foreach (var e in withdrawn)
        {
            var blob = publisher.Container.GetBlobClient(e.Notice);
            BlobProperties? props = null;
            try
            {
                props = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
            var marker = $"v{withdrawal.NoticeVersion}";
            if (props is not null && props.Metadata.TryGetValue(WithdrawnMetadata, out var done) && done == marker) continue;
            if (!announced)
            {
                await publisher.BeforeStepAsync(WithdrawalSteps.WithdrawnNotices, cancellationToken);
                announced = true;
            }
            // The original is kept: copied once (a retry finds the copy and leaves it), never overwritten by the rewritten page.
            if (props is not null && !props.Metadata.ContainsKey(WithdrawnMetadata)) await CopyToArchiveAsync(blob, props.ETag, cancellationToken);
            await UploadAsync(publisher.Container, e.Notice, Utf8(WithdrawnNoticePage.Render(new WithdrawnNoticeModel(e, withdrawal))), SiteStore.HtmlType,
                publisher.Options.ListingCacheControl, new Dictionary<string, string> { [WithdrawnMetadata] = marker }, ifNoneMatch: false, cancellationToken);
        }
    }

    /// <summary>Copies a file to the archive, verifies the copy's SHA-256, then deletes it from $web. False when it was not on the site (moved before).</summary>
    private async Task<bool> MoveToArchiveAsync(string path, CancellationToken cancellationToken)
    {
        var source = publisher.Container.GetBlobClient(path);
        BlobProperties props;
        try
        {
            props = (await source.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        await publisher.BeforeStepAsync(WithdrawalSteps.Archive, cancellationToken);
        await CopyToArchiveAsync(source, props.ETag, cancellationToken);
        await publisher.BeforeStepAsync(WithdrawalSteps.Remove, cancellationToken);
        try
        {
            // Only the bytes that were copied and verified: If-Match on their ETag.
            await source.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = props.ETag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A concurrent attempt deleted it after verifying its own copy.
        }
        return true;
    }

    /// <summary>
    /// Copies the $web blob (at <paramref name="eTag"/>) to the same name in the archive unless the archive has it, then reads
    /// the archived copy back: its SHA-256 must equal the source's, else this throws and the source stays where it is.
    /// </summary>
    private async Task CopyToArchiveAsync(BlobClient source, ETag eTag, CancellationToken cancellationToken)
    {
        await EnsureArchiveAsync(cancellationToken);
        var download = await source.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = eTag } }, cancellationToken);
        var bytes = download.Value.Content;
        var hash = Sha256.Hex(bytes.ToMemory().Span);
        var target = archive.GetBlobClient(source.Name);
        try
        {
            await UploadAsync(archive, source.Name, bytes, download.Value.Details.ContentType ?? "application/octet-stream", "no-cache",
                new Dictionary<string, string> { [HashMetadata] = hash }, ifNoneMatch: true, cancellationToken);
        }
        catch (RequestFailedException ex) when (SiteStore.IsConditionFailure(ex))
        {
            // Copied by an earlier attempt: verified below like a fresh copy.
        }
        var copy = (await target.DownloadContentAsync(cancellationToken)).Value.Content;
        var copyHash = Sha256.Hex(copy.ToMemory().Span);
        if (copyHash != hash)
            throw new InvalidOperationException($"archive/{source.Name} holds other bytes (SHA-256 {copyHash}) than $web/{source.Name} ({hash}); the file is left on the site");
    }

    private async Task EnsureArchiveAsync(CancellationToken cancellationToken)
    {
        if (_archiveReady) return;
        await archive.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        _archiveReady = true;
    }

    private static async Task UploadAsync(BlobContainerClient container, string path, BinaryData content, string contentType, string cacheControl,
        IDictionary<string, string>? metadata, bool ifNoneMatch, CancellationToken cancellationToken) =>
        await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = cacheControl },
            Metadata = metadata,
            Conditions = ifNoneMatch ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
        }, cancellationToken);

    private static BinaryData Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
