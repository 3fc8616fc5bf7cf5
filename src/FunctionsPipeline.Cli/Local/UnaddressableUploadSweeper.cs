using FunctionsPipeline.Core.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// At start and then every <c>interval</c>: <see cref="IUploadProcessor.RecordUnaddressableUploadsAsync"/>, so an upload whose
/// name has <c>.</c>/<c>..</c> segments (which the blob trigger never hands over) still gets a status. The Functions app does
/// the same with a timer function. Errors are logged and the next round tries again; the host never stops for them.
/// <para>
/// It also reconciles: an addressable upload older than <c>reconcileAfter</c> without a status record for its version
/// (one the trigger missed, e.g. dequeued by a host that was stopping) is handed to the same processor, so no upload is
/// left without an outcome. The threshold is well above the trigger's normal latency, so the two rarely meet; when they
/// do, the pipeline's per-version status check and the publisher's write-once versions keep the site right.
/// </para>
/// </summary>
internal sealed class UnaddressableUploadSweeper(IUploadProcessor processor, TimeSpan interval, TimeSpan reconcileAfter, ILogger<UnaddressableUploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var recorded = await processor.RecordUnaddressableUploadsAsync(stoppingToken);
                if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
                await foreach (var (name, upload) in processor.FindUnprocessedUploadsAsync(reconcileAfter, stoppingToken))
                {
                    logger.LogWarning("Upload {Upload} has no status after {Threshold}; processing it now", name, reconcileAfter);
                    await processor.ProcessAsync(name, upload, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sweep for unaddressable uploads failed; trying again in {Interval}", interval);
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
