using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The one skeleton every blob request goes through — an upload, an approval, a withdrawal — for both hosts, the CLI and
/// the tests: skip a blob version whose outcome is final, read the blob (bounded, If-Match on the version read), decide,
/// turn an unexpected error into an outcome with an incident id (never a stack trace), and record the outcome in one
/// place per kind (<see cref="RecordAsync"/>, which also notifies). Storage failures throw, so the trigger retries; after
/// the poison threshold <see cref="RecordFailedAsync"/> records that it gave up.
/// </summary>
/// <typeparam name="TStatus">The request's record (its outcome and message).</typeparam>
public abstract class BlobRequestProcessor<TStatus>(ILogger logger) where TStatus : class
{
    protected ILogger Logger { get; } = logger;

    /// <summary>The request's kind in logs: Upload, Approval, Withdrawal.</summary>
    protected abstract string Kind { get; }

    /// <summary>Bytes a request may have; more are refused (<see cref="TooLarge"/>).</summary>
    protected abstract long MaxBytes { get; }

    /// <summary>The recorded outcome of this blob version if nothing more may happen to it (a redelivery returns it), else null.</summary>
    protected abstract Task<TStatus?> FinalOutcomeAsync(string name, string? eTag, CancellationToken cancellationToken);

    /// <summary>The outcome for a blob deleted before it could be read.</summary>
    protected abstract TStatus Deleted(string name);

    /// <summary>The outcome for a blob over <see cref="MaxBytes"/>; null to read one byte more than allowed and let <see cref="DecideAsync"/> refuse it.</summary>
    protected abstract TStatus? TooLarge(string name, string eTag, long length);

    /// <summary>Parses and carries out the request. Storage failures throw; any other exception becomes <see cref="Failed"/>.</summary>
    protected abstract Task<TStatus> DecideAsync(string name, ReadOnlyMemory<byte> content, string? eTag, CancellationToken cancellationToken);

    /// <summary>
    /// The outcome of an unexpected error: a plain Chinese sentence with the incident id the operator finds in the log.
    /// <paramref name="content"/> is the request as read, for what the record may still say of it (a withdrawal's body and year).
    /// </summary>
    protected abstract TStatus Failed(string name, string? eTag, ReadOnlyMemory<byte> content, string incident);

    /// <summary>The outcome when the trigger gave up after repeated storage failures.</summary>
    protected abstract TStatus GaveUp(string name, string? eTag);

    /// <summary>The one place an outcome of this kind is recorded and announced; returns the record as it stands.</summary>
    protected abstract Task<TStatus> RecordAsync(TStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the sweep should process this blob version: it has no final outcome. A processor whose <see cref="GaveUp"/>
    /// record carries <see cref="StorageErrors.GaveUpCode"/> narrows it to versions without a record or with such a one.
    /// </summary>
    protected virtual async Task<bool> NeedsProcessingAsync(string name, string? eTag, CancellationToken cancellationToken) =>
        await FinalOutcomeAsync(name, eTag, cancellationToken) is null;

    /// <summary>
    /// The sweep of this kind's container (<see cref="RequestSweep"/>): every blob written at least <paramref name="olderThan"/>
    /// ago that still needs processing is processed now, except the ones <paramref name="busy"/> says a trigger is processing.
    /// Returns how many it processed. Storage failures throw (the next pass tries again).
    /// </summary>
    protected async Task<int> SweepAsync(BlobContainerClient container, ResultRecords results, TimeSpan olderThan, Func<string, bool>? busy,
        CancellationToken cancellationToken)
    {
        var processed = 0;
        await foreach (var (name, blob) in RequestSweep.FindAsync(results, container, olderThan, item => busy?.Invoke(item.Name) != true,
                           NeedsProcessingAsync, cancellationToken))
        {
            Logger.LogWarning("{Kind} {Name} has no outcome for its version after {Threshold}; processing it now", Kind, name, olderThan);
            await ProcessAsync(name, blob, cancellationToken);
            processed++;
        }
        return processed;
    }

    /// <summary>The blob was read: <paramref name="elapsed"/> since processing began (progress display).</summary>
    protected virtual void Downloaded(string name, TimeSpan elapsed)
    {
    }

    /// <summary>The trigger's entry: skips a version already finished, reads at most the size limit, then decides.</summary>
    public async Task<TStatus> ProcessAsync(string name, BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var started = TimeProvider.System.GetTimestamp();
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted between the event and now: nothing to process, and retrying would not bring it back.
            Logger.LogWarning("{Kind} {Name} no longer exists", Kind, name);
            return await RecordAsync(Deleted(name), cancellationToken);
        }
        var eTag = properties.ETag.ToString();
        if (await FinalOutcomeAsync(name, eTag, cancellationToken) is { } done)
        {
            Logger.LogInformation("{Kind} {Name} ({ETag}) was already processed", Kind, name, eTag);
            return done;
        }
        var tooLarge = properties.ContentLength > MaxBytes;
        if (tooLarge && TooLarge(name, eTag, properties.ContentLength) is { } refused) return await RecordAsync(refused, cancellationToken);

        // Read into memory (bounded), so a storage failure surfaces here as a retryable error, not as a damaged request.
        var content = ReadOnlyMemory<byte>.Empty;
        if (properties.ContentLength > 0)
        {
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions
            {
                Range = tooLarge ? new HttpRange(0, MaxBytes + 1) : default,
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, cancellationToken);
            content = download.Value.Content.ToMemory();
        }
        Downloaded(name, TimeProvider.System.GetElapsedTime(started));
        return await ProcessAsync(name, content, eTag, cancellationToken);
    }

    /// <summary>Decides on a request's bytes (the trigger after reading them; the CLI and tests). <paramref name="eTag"/> names the blob version, when there is a blob.</summary>
    public async Task<TStatus> ProcessAsync(string name, ReadOnlyMemory<byte> content, string? eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var scope = Logger.BeginScope("{Kind} {Name}", Kind, name);
        TStatus status;
        try
        {
            status = await DecideAsync(name, content, eTag, cancellationToken);
        }
        catch (Exception ex) when (!StorageErrors.IsUnavailable(ex, cancellationToken))
        {
            // A defect or a broken deployment (e.g. fonts missing): retrying will not help. Logged for the operator under
            // an id; whoever wrote the request gets that id and a plain sentence, never the exception.
            var incident = Guid.NewGuid().ToString("N")[..8];
            Logger.LogError(ex, "{Kind} {Name} failed unexpectedly (incident {Incident})", Kind, name, incident);
            status = Failed(name, eTag, content, incident);
        }
        return await RecordAsync(status, cancellationToken);
    }

    /// <summary>The trigger gave up (poison threshold): records that, unless that version already has a final outcome.</summary>
    public async Task<TStatus> RecordFailedAsync(string name, string? eTag, CancellationToken cancellationToken)
    {
        if (await FinalOutcomeAsync(name, eTag, cancellationToken) is { } done) return done;
        Logger.LogWarning("{Kind} {Name} ({ETag}) failed after repeated storage errors", Kind, name, eTag);
        return await RecordAsync(GaveUp(name, eTag), cancellationToken);
    }
}
