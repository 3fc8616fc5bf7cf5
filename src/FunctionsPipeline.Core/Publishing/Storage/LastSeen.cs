using System.Collections.Concurrent;
using Azure;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// What this process last read or wrote of each listing blob: its ETag, and a record's bytes or the version (template and generation) a page was
/// built at. A write's first attempt goes straight to a conditional PUT on that ETag instead of reading first; a stale
/// entry costs one failed condition and a fresh read, so it never decides anything on its own. Bounded: past
/// <see cref="ByteLimit"/> it is cleared. Owned by <see cref="SiteCaches"/>.
/// </summary>
internal sealed class LastSeen
{
    private const long ByteLimit = 64L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    /// <param name="Content">A record's serialized bytes; null for a page, or for a record that does not exist (<paramref name="ETag"/> null).</param>
    /// <param name="Page">The version a page was built at (<see cref="PageVersion.None"/> for records).</param>
    public sealed record Entry(byte[]? Content, ETag? ETag, PageVersion Page);

    public bool TryGet(string key, out Entry entry) => _entries.TryGetValue(key, out entry!);

    public void Set(string key, Entry entry)
    {
        if (Interlocked.Add(ref _bytes, (entry.Content?.Length ?? 0) + key.Length) > ByteLimit)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
        _entries[key] = entry;
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);
}
