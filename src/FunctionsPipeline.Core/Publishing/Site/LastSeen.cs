using System.Collections.Concurrent;
using Azure;

namespace FunctionsPipeline.Core.Publishing.Site;

/// <summary>
/// What this process last read or wrote of each listing blob: its ETag, and a record's bytes or the generation a page was
/// built from. A write's first attempt goes straight to a conditional PUT on that ETag instead of reading first; a stale
/// entry costs one failed condition and a fresh read, so it never decides anything on its own. Bounded: past
/// <see cref="ByteLimit"/> it is cleared.
/// </summary>
internal static class LastSeen
{
    private const long ByteLimit = 64L * 1024 * 1024;
    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);
    private static long _bytes;

    /// <param name="Content">A record's serialized bytes; null for a page, or for a record that does not exist (<paramref name="ETag"/> null).</param>
    /// <param name="Generation">The generation a page was built from (-1 for records).</param>
    public sealed record Entry(byte[]? Content, ETag? ETag, long Generation);

    public static bool TryGet(string key, out Entry entry) => Entries.TryGetValue(key, out entry!);

    public static void Set(string key, Entry entry)
    {
        if (Interlocked.Add(ref _bytes, (entry.Content?.Length ?? 0) + key.Length) > ByteLimit)
        {
            Entries.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
        Entries[key] = entry;
    }

    public static void Forget(string key) => Entries.TryRemove(key, out _);
}
