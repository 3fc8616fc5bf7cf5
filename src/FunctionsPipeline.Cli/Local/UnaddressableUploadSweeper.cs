using FunctionsPipeline.Core.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// At start and then every <c>interval</c>: <see cref="IUploadProcessor.RecordUnaddressableUploadsAsync"/>, so an upload whose
/// name has <c>.</c>/<c>..</c> segments (which the blob trigger never hands over) still gets a status. The Functions app does
/// the same with a timer function. Errors are logged and the next round tries again; the host never stops for them.
/// </summary>
internal sealed class UnaddressableUploadSweeper(IUploadProcessor processor, TimeSpan interval, ILogger<UnaddressableUploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var recorded = await processor.RecordUnaddressableUploadsAsync(stoppingToken);
                if (recorded > 0) logger.LogWarning("Recorded {Count} upload(s) with unaddressable names as rejected", recorded);
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
