using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// The static index behind the "find a body" box: no server, only small JSON files under <c>search/</c> and one script.
/// <list type="bullet">
/// <item>Each body has an id: the 8 hex digits that end its slug (SHA-256 of its exact name). Ids that collide only
/// add a candidate; the browser checks every name against the query.</item>
/// <item><c>search/g/{xxx}.json</c> (<see cref="GramShardCount"/> shards by an FNV-1a hash of the bigram): character
/// bigram → ids of the bodies whose (normalized) name contains it. A query is answered from the shards of its bigrams
/// (intersection), then <c>search/n/{xx}.json</c> (<see cref="NameShardCount"/> shards by the id's first two hex
/// digits) turns ids into names and slugs, and the browser keeps the names that contain the query.</item>
/// <item>Bounded: a bigram that names more than <see cref="StopAfter"/> bodies (人民, 政府, 委员, 教育 …) becomes a stop
/// bigram: its list is dropped and only its name kept, so it never grows again. A shard that still passes
/// <see cref="ShardByteLimit"/> stops its largest bigram until it fits. A query made only of stop bigrams is
/// answered with a hint to type a more specific part and the year catalogues.</item>
/// <item>Bounded per body and per shard: only the first <see cref="MaxNameLength"/> characters of a name are indexed and
/// stored (validation caps 机关名称 at that length; an older site's longer name is indexed by its start), so one body
/// touches at most 99 gram shards and adds one bounded entry to its name shard. A shard keeps at most
/// <see cref="MaxStops"/> stop bigrams; past that it is <c>full</c>: a bigram it stops is dropped without a name, it takes
/// no new bigram, and the script treats any bigram such a shard does not list as a stop bigram (never as "no body").</item>
/// <item>Only a new body (a renamed body has a new slug, so it is new) changes the index: its distinct bigrams'
/// shards (≈20 for a 21-character name) and one name shard, each a conditional read-modify-write. The name shard is
/// written last, so a body found there is fully indexed and a retry after a crash redoes only what is missing.</item>
/// </list>
/// </summary>
internal static class SiteSearch
{
    public const string Folder = "search";
    public const int GramShardCount = 2048;
    public const int NameShardCount = 256;
    /// <summary>
    /// A bigram's list stops growing here (3.3 KB of ids). This bounds what one new body rewrites: at most one list of
    /// this size per distinct bigram of its name (≈20) plus the shards' other entries — about 100 KB even when every
    /// bigram of the name is shared (names like 山东省枣庄市山亭区第000123号镇人民政府). More than 300 bodies for one bigram
    /// is past what the box would list anyway (it asks for a longer name above 200 candidates).
    /// </summary>
    public const int StopAfter = 300;
    public const int ShardByteLimit = 120 * 1024;

    /// <summary>How much of a body's name the index holds (the validation's cap on 机关名称, <c>BODY_TOO_LONG</c>).</summary>
    public const int MaxNameLength = Validation.ReportValidator.MaxBodyLength;

    /// <summary>Stop bigrams one gram shard names at most (≈10 KB); past that the shard is full (see the class remarks).</summary>
    public const int MaxStops = 512;

    /// <summary>The part of a name the index holds: its first <see cref="MaxNameLength"/> characters (a surrogate pair kept whole).</summary>
    public static string IndexedName(string body)
    {
        if (body.Length <= MaxNameLength) return body;
        var cut = char.IsLowSurrogate(body[MaxNameLength]) ? MaxNameLength - 1 : MaxNameLength;
        return body[..cut];
    }

    /// <summary>What the index compares: NFKC, no white space, lower case (the script does the same).</summary>
    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune)) sb.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return sb.ToString();
    }

    /// <summary>The distinct bigrams (pairs of adjacent code points) of a normalized name.</summary>
    public static IReadOnlyList<string> Bigrams(string normalized)
    {
        var runes = normalized.EnumerateRunes().Select(r => r.ToString()).ToList();
        var grams = new List<string>();
        for (var i = 0; i + 1 < runes.Count; i++)
        {
            var gram = runes[i] + runes[i + 1];
            if (!grams.Contains(gram)) grams.Add(gram);
        }
        return grams;
    }

    /// <summary>FNV-1a (32-bit) over the code points: the script computes the same with Math.imul.</summary>
    public static uint Hash(string gram)
    {
        var h = 2166136261u;
        foreach (var rune in gram.EnumerateRunes())
        {
            h ^= (uint)rune.Value;
            h = unchecked(h * 16777619u);
        }
        return h;
    }

    public static string GramShard(string gram) =>
        string.Create(CultureInfo.InvariantCulture, $"{Folder}/g/{Hash(gram) % GramShardCount:x3}.json");

    public static string IdOf(string slug) => slug[^8..];

    public static string NameShard(string id) => $"{Folder}/n/{id[..2]}.json";

    /// <summary>The slug as the name shard stores it: empty when it is the normalized-name default (most Chinese names).</summary>
    public static string StoredSlug(string name, string slug) => slug == $"{name}-{IdOf(slug)}" ? "" : slug;

    /// <summary>
    /// Adds a body to the index unless it is there; <paramref name="beforeWrite"/> runs before the first write for it.
    /// New bodies published at the same time in this process are indexed together (<see cref="GroupCommit"/>): names of one
    /// portal share most of their bigrams (省, 市, 人民政府, 委员会), so a batch rewrites each shared shard once, not once per body.
    /// </summary>
    public static Task AddBodyAsync(SiteStore store, string body, string slug, Func<Task> beforeWrite, CancellationToken cancellationToken) =>
        store.Caches.GroupCommit.SubmitAsync<NewBody, bool>(store.Container.Uri.AbsoluteUri + "#search", new NewBody(IndexedName(body), slug, beforeWrite),
            (batch, batchToken) => AddBatchAsync(store, batch, batchToken), cancellationToken);

    private sealed record NewBody(string Body, string Slug, Func<Task> BeforeWrite);

    /// <summary>
    /// Skips the bodies already in their name shard, runs each other body's step hook (one that fails fails alone), then
    /// updates every gram shard the batch touches and last the name shards, so a body found there is fully indexed.
    /// </summary>
    private static async Task AddBatchAsync(SiteStore store, IReadOnlyList<GroupCommit.Pending<NewBody, bool>> batch, CancellationToken cancellationToken)
    {
        var shards = new ConcurrentDictionary<string, NameShard?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(batch.Select(p => NameShard(IdOf(p.Input.Slug))).Distinct(), Parallelism(cancellationToken), async (path, ct) =>
            shards[path] = (await store.ReadAsync<NameShard>(path, ct)).Value);
        var adding = new List<GroupCommit.Pending<NewBody, bool>>();
        foreach (var p in batch)
        {
            if (shards[NameShard(IdOf(p.Input.Slug))] is { } names && names.Contains(IdOf(p.Input.Slug), p.Input.Body))
            {
                p.Done.TrySetResult(false);
                continue;
            }
            try
            {
                await p.Input.BeforeWrite();
                adding.Add(p);
            }
            catch (Exception ex)
            {
                p.Done.TrySetException(ex);
            }
        }
        if (adding.Count == 0) return;
        await AddBodiesAsync(store, adding.Select(p => (p.Input.Body, p.Input.Slug)).ToList(), cancellationToken, skipKnownStops: true);
        foreach (var p in adding) p.Done.TrySetResult(true);
    }

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = 6, CancellationToken = cancellationToken };

    /// <summary>
    /// Adds many bodies (rebuild, a batch of new bodies): each shard is read-modified-written once, merged with what is stored.
    /// <paramref name="skipKnownStops"/>: leave out the bigrams this process has seen stopped (<see cref="SiteCaches"/>) (a stop bigram never takes an id
    /// again, so its shard has nothing to change): most names share 人民, 政府 or 委员会, and publishing skips their reads.
    /// A rebuild reads every shard, so it also restores a stop entry that was lost.
    /// </summary>
    public static async Task AddBodiesAsync(SiteStore store, IReadOnlyCollection<(string Body, string Slug)> bodies, CancellationToken cancellationToken,
        bool skipKnownStops = false)
    {
        var site = store.Container.Uri.AbsoluteUri;
        bodies = bodies.Select(b => (IndexedName(b.Body), b.Slug)).ToList();
        var grams = bodies.SelectMany(b => Bigrams(Normalize(b.Body)).Select(g => (Gram: g, Id: IdOf(b.Slug))))
            .Where(x => !skipKnownStops || !store.Caches.IsKnownStop(site, x.Gram))
            .GroupBy(x => GramShard(x.Gram)).ToList();
        await Parallel.ForEachAsync(grams, Parallelism(cancellationToken), async (shard, ct) =>
        {
            var (stored, _) = await store.UpdateAsync<GramShard>(shard.Key, s => (s ?? new GramShard()).WithIds(shard.Select(x => (x.Gram, x.Id))), () => Task.CompletedTask, ct);
            store.Caches.LearnStops(site, stored?.Stop ?? []);
        });
        var names = bodies.Select(b => (Id: IdOf(b.Slug), b.Body, b.Slug)).GroupBy(b => NameShard(b.Id)).ToList();
        await Parallel.ForEachAsync(names, Parallelism(cancellationToken), async (shard, ct) =>
            await store.UpdateAsync<NameShard>(shard.Key, s => (s ?? new NameShard()).With(shard.Select(b => (b.Id, b.Body, b.Slug))), () => Task.CompletedTask, ct));
    }

    /// <summary>Builds the whole index in memory (sizing tests): shard path → serialized bytes.</summary>
    public static Dictionary<string, byte[]> BuildInMemory(IEnumerable<(string Body, string Slug)> bodies)
    {
        var gramShards = new Dictionary<string, GramShard>();
        var nameShards = new Dictionary<string, NameShard>();
        foreach (var (name, slug) in bodies)
        {
            var body = IndexedName(name);
            var id = IdOf(slug);
            foreach (var shard in Bigrams(Normalize(body)).GroupBy(GramShard))
            {
                if (!gramShards.TryGetValue(shard.Key, out var current)) gramShards[shard.Key] = current = new GramShard();
                current.Add(shard.Select(g => (g, id)));
            }
            if (!nameShards.TryGetValue(NameShard(id), out var names)) nameShards[NameShard(id)] = names = new NameShard();
            names.Bodies.Add([id, body, StoredSlug(body, slug)]);
        }
        return gramShards.Select(p => (p.Key, Bytes: Serialize(p.Value))).Concat(nameShards.Select(p => (p.Key, Bytes: Serialize(p.Value))))
            .ToDictionary(p => p.Key, p => p.Bytes);
    }

    internal static byte[] Serialize<T>(T shard) => JsonSerializer.SerializeToUtf8Bytes(shard, ListingJson.Options);
}

/// <summary>search/g/{xxx}.json: bigram → ids (sorted), and the stop bigrams whose lists were dropped.</summary>
internal sealed class GramShard : IGenerational
{
    public long Generation { get; set; }
    public SortedDictionary<string, List<string>> Grams { get; set; } = new(StringComparer.Ordinal);
    public List<string> Stop { get; set; } = [];

    /// <summary>
    /// The stop list reached <see cref="SiteSearch.MaxStops"/>: a bigram this shard does not list may be a stopped one, so
    /// the script treats it as a stop bigram; the shard takes no new bigram and drops a stopped one without naming it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Full { get; set; }

    /// <summary>This shard with the ids added (a new object); null when nothing changes.</summary>
    public GramShard? WithIds(IEnumerable<(string Gram, string Id)> adds)
    {
        var next = new GramShard
        {
            Generation = Generation + 1,
            Grams = new SortedDictionary<string, List<string>>(Grams.ToDictionary(p => p.Key, p => p.Value.ToList()), StringComparer.Ordinal),
            Stop = Stop.ToList(),
            Full = Full,
        };
        return next.Add(adds) ? next : null;
    }

    /// <summary>Adds the ids in place, stopping bigrams that pass their bounds; false when nothing changed.</summary>
    public bool Add(IEnumerable<(string Gram, string Id)> adds)
    {
        var changed = false;
        foreach (var (gram, id) in adds)
        {
            if (Stop.Contains(gram)) continue;
            if (!Grams.TryGetValue(gram, out var ids))
            {
                // A full shard cannot tell a new bigram from a dropped one: it lists none it did not list before.
                if (Full) continue;
                Grams[gram] = ids = [];
            }
            var at = ids.BinarySearch(id, StringComparer.Ordinal);
            if (at >= 0) continue;
            ids.Insert(~at, id);
            changed = true;
            if (ids.Count > SiteSearch.StopAfter) StopGram(this, gram);
        }
        // Hard bound on the file: stop the largest bigram until the shard fits.
        while (Grams.Count > 0 && BoundBytes() > SiteSearch.ShardByteLimit) StopGram(this, Grams.MaxBy(p => p.Value.Count).Key);
        return changed;
    }

    /// <summary>An upper bound of the serialized size (an id is 11 bytes with quotes and comma; a key escaped at worst doubles).</summary>
    public long BoundBytes() =>
        64 + Grams.Sum(p => 2L * Encoding.UTF8.GetByteCount(p.Key) + 8 + 11L * p.Value.Count) + Stop.Sum(g => 2L * Encoding.UTF8.GetByteCount(g) + 3);

    private static void StopGram(GramShard shard, string gram)
    {
        shard.Grams.Remove(gram);
        if (shard.Stop.Count >= SiteSearch.MaxStops)
        {
            shard.Full = true;
            return;
        }
        shard.Stop.Add(gram);
        shard.Stop.Sort(StringComparer.Ordinal);
    }
}

/// <summary>search/n/{xx}.json: [id, name, slug] for each body ("" slug: the default name-id slug).</summary>
internal sealed class NameShard : IGenerational
{
    public long Generation { get; set; }
    public List<string[]> Bodies { get; set; } = [];

    public bool Contains(string id, string body) => Bodies.Any(b => b.Length >= 2 && b[0] == id && b[1] == body);

    public NameShard? With(IEnumerable<(string Id, string Body, string Slug)> adds)
    {
        var bodies = Bodies.ToList();
        var changed = false;
        foreach (var (id, body, slug) in adds)
        {
            if (bodies.Any(b => b.Length >= 2 && b[0] == id && b[1] == body)) continue;
            bodies.Add([id, body, SiteSearch.StoredSlug(body, slug)]);
            changed = true;
        }
        if (!changed) return null;
        return new NameShard { Generation = Generation + 1, Bodies = bodies.OrderBy(b => b[0], StringComparer.Ordinal).ThenBy(b => b[1], StringComparer.Ordinal).ToList() };
    }
}
