using FunctionsPipeline.Core.Uploads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// Runs <c>work</c> at start and then every <c>interval</c> until the host stops: the local stand-in for the Functions
/// app's timer and queue triggers (the WebJobs SDK here has only the blob extension). A failed round is logged and the
/// next round tries again; the host never stops for it.
/// </summary>
/// <remarks>
/// A round that fails because storage is unreachable is reported to <c>unavailable</c> (the host's <see cref="StorageRecovery"/>).
/// </remarks>
internal sealed class PeriodicWork(string name, TimeSpan interval, Func<CancellationToken, Task> work, ILogger<PeriodicWork> logger,
    Action? unavailable = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await work(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
            {
                logger.LogWarning("{Work}: storage unavailable ({Error}); trying again in {Interval}", name, StorageErrors.Summary(ex), interval);
                unavailable?.Invoke();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Work} failed; trying again in {Interval}", name, interval);
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
