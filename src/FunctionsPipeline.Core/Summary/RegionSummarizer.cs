using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Core.Summary;

/// <summary>Where a summary reads each body's current published version: the site (<see cref="SiteLiveReports"/>), or a stand-in.</summary>
public interface ILiveReports
{
    /// <summary>The live (not withdrawn) version of body and year with its report, or null when none is on the site.</summary>
    Task<(ManifestEntry Entry, AnnualReport Report)?> GetLiveReportAsync(string body, int year, CancellationToken cancellationToken);
}

/// <summary>The published site as a summary reads it: each body's manifest, then its live version's report.json.</summary>
public sealed class SiteLiveReports(SitePublisher publisher) : ILiveReports
{
    public Task<(ManifestEntry Entry, AnnualReport Report)?> GetLiveReportAsync(string body, int year, CancellationToken cancellationToken) =>
        publisher.GetLiveReportAsync(body, year, cancellationToken);
}


/// <summary>
/// Takes a region's summary: the selected bodies of the register, each one's live version read (two reads per body,
/// <see cref="Concurrency"/> at a time), summed by <see cref="RegionSummary.Compute"/>. Reads only; writes nothing.
/// </summary>
public sealed class RegionSummarizer(ILiveReports reports, TimeProvider time)
{
    public const int Concurrency = 16;

    /// <summary>The stage its progress reports (bodies read of those selected).</summary>
    public const string BodiesStage = "bodies";

    public RegionSummarizer(SitePublisher publisher, TimeProvider time) : this(new SiteLiveReports(publisher), time)
    {
    }

    public async Task<RegionSummary> SummarizeAsync(BodyRegister register, int year, BodySelection selection,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(selection);
        var takenAt = time.GetUtcNow();
        var selected = register.Bodies.Where(selection.Matches).ToList();
        var found = new (ManifestEntry Entry, AnnualReport Report)?[selected.Count];
        var done = 0;
        progress?.Report(new WorkProgress(RegionSummarizer.BodiesStage, 0, selected.Count));
        await Parallel.ForEachAsync(Enumerable.Range(0, selected.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                found[i] = await reports.GetLiveReportAsync(selected[i].Name, year, token);
                progress?.Report(new WorkProgress(RegionSummarizer.BodiesStage, Interlocked.Increment(ref done), selected.Count));
            });
        return RegionSummary.Compute(year, selection, register, selected, found, takenAt);
    }
}
