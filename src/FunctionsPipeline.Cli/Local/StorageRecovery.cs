using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Requests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The local host's catch-up after a storage outage. Any part of the host that meets unreachable storage (a trigger
/// invocation, the sweeps, the poison-queue watcher) reports it (<see cref="ReportUnavailable"/>); the storage is then
/// probed every <see cref="ProbeInterval"/>, and as soon as it answers a catch-up pass runs: every upload, approval and
/// withdrawal without an outcome for its version — whatever its age — is processed now, except what a trigger is
/// processing. Storage is also probed every <see cref="HealthyProbeInterval"/> while it answers. The pass runs again at <see cref="Passes"/> after recovery (requests still in a trigger's retries then),
/// so what the outage dropped has its record within seconds, not at the next 5-minute sweep.
/// </summary>
public sealed class StorageRecovery(string connectionString, Func<CancellationToken, Task<int>> catchUp, ILogger<StorageRecovery> logger) : BackgroundService
{
    // One attempt per probe, no client retries: the probe itself is the retry.
    private readonly BlobServiceClient _probe = new(connectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often storage is probed while it answers.</summary>
    public static readonly TimeSpan HealthyProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>When the catch-up pass runs, counted from the moment storage answers again.</summary>
    public static readonly IReadOnlyList<TimeSpan> Passes = [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    private readonly SemaphoreSlim _wake = new(0);
    private long _downSince = -1;

    /// <summary>Whether storage is known to be unreachable now.</summary>
    public bool IsDown => Interlocked.Read(ref _downSince) >= 0;

    /// <summary>Something failed because storage is unreachable: probe until it answers, then catch up.</summary>
    public void ReportUnavailable()
    {
        if (Interlocked.CompareExchange(ref _downSince, Stopwatch.GetTimestamp(), -1) == -1)
        {
            logger.LogWarning("Storage is unreachable; probing every {Interval} s, catching up as soon as it answers", ProbeInterval.TotalSeconds);
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Healthy: a probe every HealthyProbeInterval notices an outage even when nothing else is calling storage
                // (or everything else is still inside its client's retries); a report wakes it at once.
                await _wake.WaitAsync(HealthyProbeInterval, stoppingToken);
                if (!IsDown && !await AnswersAsync(stoppingToken)) ReportUnavailable();
                while (IsDown)
                {
                    await Task.Delay(ProbeInterval, stoppingToken);
                    if (!await AnswersAsync(stoppingToken)) continue;
                    var downFor = Stopwatch.GetElapsedTime(Interlocked.Exchange(ref _downSince, -1));
                    logger.LogWarning("Storage answers again (unreachable for {Seconds:F0} s at least): catching up", downFor.TotalSeconds);
                    await CatchUpAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await _probe.GetBlobContainerClient(Core.Common.StorageNames.LogsContainer).ExistsAsync(attempt.Token);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, attempt.Token) && !stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The passes after recovery; storage failing again ends them (the probe starts over).</summary>
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        var since = Stopwatch.StartNew();
        foreach (var at in Passes)
        {
            if (at > since.Elapsed) await Task.Delay(at - since.Elapsed, stoppingToken);
            if (IsDown) return;
            try
            {
                var processed = await catchUp(stoppingToken);
                if (processed > 0) logger.LogWarning("Catch-up pass {At:F0} s after recovery processed {Count} request(s)", at.TotalSeconds, processed);
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stoppingToken) && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Catch-up pass failed: storage unavailable ({Error})", StorageErrors.Summary(ex));
                ReportUnavailable();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Catch-up pass failed");
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
