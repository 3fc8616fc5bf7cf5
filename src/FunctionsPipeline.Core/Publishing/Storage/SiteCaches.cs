using System.Collections.Concurrent;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// What publishing keeps in memory between writes: <see cref="LastSeen"/> (the ETags and records last read or written),
/// the <see cref="GroupCommit"/> lanes (writers of one blob batched together) and the search's known stop bigrams.
/// Lifetime: one instance per process, registered as a singleton by <c>AddPublishing</c> and shared by every publisher
/// built from it; a publisher constructed without one uses <see cref="Shared"/>. Publishers batch their writes of a blob
/// only when they share an instance, so tests that want a cold cache construct their own. Every entry is only a hint:
/// a stale one costs a failed ETag condition and a fresh read, never a wrong write.
/// </summary>
public sealed class SiteCaches
{
    private const int KnownStopsLimit = 100_000;

    /// <summary>The process-wide default, for publishers constructed without an instance (tests, the bench, the CLI).</summary>
    public static SiteCaches Shared { get; } = new();

    internal LastSeen LastSeen { get; } = new();

    internal GroupCommit GroupCommit { get; } = new();

    /// <summary>Stop bigrams read or written, per site (bounded; cleared past the limit and learnt again).</summary>
    private readonly ConcurrentDictionary<(string Site, string Gram), byte> _knownStops = new();

    internal bool IsKnownStop(string site, string gram) => _knownStops.ContainsKey((site, gram));

    internal void LearnStops(string site, IEnumerable<string> grams)
    {
        if (_knownStops.Count > KnownStopsLimit) _knownStops.Clear();
        foreach (var gram in grams) _knownStops.TryAdd((site, gram), 0);
    }
}
