namespace FunctionsPipeline.Core.Publishing;

/// <summary>One report year's combined open data files (<c>data/{year}/reports.csv</c> and <c>reports.json</c>) after a refresh.</summary>
/// <param name="Rebuilt">False when no body's data file changed since they were built (nothing written).</param>
public sealed record OpenDataYear(int Year, int Reports, bool Rebuilt, long CsvBytes, long JsonBytes);

/// <summary>What a refresh of the open data did, per report year.</summary>
public sealed record OpenDataResult(IReadOnlyList<OpenDataYear> Years)
{
    public int Rebuilt => Years.Count(y => y.Rebuilt);
}

/// <summary>
/// How often the combined open data files are rebuilt from the bodies' data files: the Functions app's <c>BuildOpenData</c>
/// timer and the local host's periodic work use it, and the pages and files state it.
/// </summary>
public static class OpenDataSchedule
{
    public const int RefreshMinutes = 15;

    /// <summary>The timer's NCRONTAB schedule: every <see cref="RefreshMinutes"/> minutes.</summary>
    public const string Cron = "0 */15 * * * *";
}
