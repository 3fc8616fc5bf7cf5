using System.Diagnostics;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>Times one upload's run stage by stage, telling the observers as each stage ends.</summary>
public sealed class StageClock(string upload, IReadOnlyList<IStageObserver> observers)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<StageTiming> _timings = [];
    private TimeSpan _last;

    public string Upload => upload;

    /// <summary>Ends <paramref name="stage"/>: the time since the previous stage ended (or the clock started).</summary>
    public void Time(string stage)
    {
        var now = _clock.Elapsed;
        var elapsed = now - _last;
        _last = now;
        _timings.Add(new StageTiming(stage, Math.Round(elapsed.TotalMilliseconds, 1)));
        foreach (var observer in observers) observer.StageCompleted(upload, stage, elapsed);
    }

    /// <summary>Tells the observers that <paramref name="stage"/> ended without recording it (the download, before the stages' own clock).</summary>
    public void Observe(string stage)
    {
        foreach (var observer in observers) observer.StageCompleted(upload, stage, _clock.Elapsed);
    }

    /// <summary>The stages so far plus the total.</summary>
    public IReadOnlyList<StageTiming> Timings => [.. _timings, new StageTiming("total", Math.Round(_clock.Elapsed.TotalMilliseconds, 1))];
}
