using FunctionsPipeline.Core.Publishing;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsPipeline.Functions;

/// <summary>
/// Glue: every <see cref="OpenDataSchedule.RefreshMinutes"/> minutes, each report year's combined open data files
/// (data/{year}/reports.csv and reports.json) rebuilt from the bodies' data files, where one changed (<see cref="SitePublisher.RefreshOpenDataAsync"/>).
/// </summary>
public sealed class BuildOpenData(SitePublisher publisher)
{
    [Function(nameof(BuildOpenData))]
    public Task RunAsync([TimerTrigger(OpenDataSchedule.Cron)] TimerInfo timer, FunctionContext context) => publisher.RefreshOpenDataAsync(context.CancellationToken);
}
