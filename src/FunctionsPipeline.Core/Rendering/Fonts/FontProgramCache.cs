using System.Collections.Concurrent;

namespace FunctionsPipeline.Core.Rendering.Fonts;

/// <summary>
/// Finished font programs kept between renders: the PDF's trimmed and compressed subsets (keyed by a
/// SHA-256 of what they are made from) and the OFD's subsets (keyed by font and characters). A report
/// rendered again with the same characters (a correction that changes only figures, the bench) reuses
/// them instead of trimming and deflating about 1 MB again.
/// Thread-safe; bounded by <see cref="Capacity"/> entries per cache: when full, the oldest entry goes.
/// The value is a pure function of the key, so a hit gives the same bytes as a miss.
/// </summary>
internal sealed class FontProgramCache<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Entries per cache: three fonts of a few documents (the PDF's values are 30–120 KB, the OFD's 0.3–0.4 MB).</summary>
    public const int Capacity = 12;

    private readonly ConcurrentDictionary<TKey, TValue> entries;
    private readonly ConcurrentQueue<TKey> order = new();
    private readonly Lock trimLock = new();

    public FontProgramCache(IEqualityComparer<TKey>? comparer = null) => entries = new(comparer);

    public int Count => entries.Count;

    /// <summary>The cached value for <paramref name="key"/>, else <paramref name="create"/>'s, stored.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (entries.TryGetValue(key, out var known)) return known;
        var value = create(key);
        if (!entries.TryAdd(key, value)) return entries.TryGetValue(key, out known) ? known : value;
        order.Enqueue(key);
        lock (trimLock)
        {
            while (entries.Count > Capacity && order.TryDequeue(out var oldest)) entries.TryRemove(oldest, out _);
        }
        return value;
    }

    /// <summary>Empties the cache (the bench measures a render that finds nothing cached).</summary>
    public void Clear()
    {
        lock (trimLock)
        {
            entries.Clear();
            order.Clear();
        }
    }
}
