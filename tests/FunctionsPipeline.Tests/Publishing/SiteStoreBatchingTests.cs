using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// Listing writes in one process are batched per blob (group commit) and start from the ETag this process last saw.
/// These tests pin what that must never change: every change lands, a failing caller fails alone, and a write by another
/// process (or a blob lost meanwhile) is always noticed, on a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteStoreBatchingTests(AzuriteFixture fixture)
{
    private async Task<(SiteStore Store, BlobContainerClient Container)> StoreAsync()
    {
        var container = fixture.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("batch"));
        await container.CreateIfNotExistsAsync();
        return (new SiteStore(container, new PublishingOptions(), TimeProvider.System, NullLogger.Instance, new SiteWriteStats()), container);
    }

    private static Func<Task> NoStep => () => Task.CompletedTask;

    private static Task<(PageSet? Value, bool Wrote)> AddPageAsync(SiteStore store, string path, int page, Func<Task>? step = null) =>
        store.UpdateAsync<PageSet>(path, p => (p ?? PageSet.Empty).With(P(page)), step ?? NoStep, CancellationToken.None);

    private static string P(int page) => SiteLayout.PageName(page);

    private static async Task<PageSet?> StoredAsync(BlobContainerClient container, string path) =>
        (await new SiteStore(container, new PublishingOptions(), TimeProvider.System, NullLogger.Instance, new SiteWriteStats())
            .ReadAsync<PageSet>(path, CancellationToken.None)).Value;

    [Fact]
    public async Task Concurrent_changes_of_one_record_all_land_in_fewer_writes_than_callers_and_without_lost_races()
    {
        var (store, container) = await StoreAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => AddPageAsync(store, "r.json", i)));

        Assert.Equal(Enumerable.Range(0, 32).Select(P), (await StoredAsync(container, "r.json"))!.Pages);
        Assert.All(results, r => Assert.True(r.Wrote));
        // Each caller sees a record holding its own change.
        Assert.All(Enumerable.Range(0, 32), i => Assert.Contains(P(i), results[i].Value!.Pages));
        Assert.True(store.Stats.Writes < 32, $"{store.Stats.Writes} writes for 32 callers: nothing was batched");
        Assert.Equal(0, store.Stats.ETagRetries);
    }

    [Fact]
    public async Task A_change_or_step_hook_that_fails_fails_its_caller_alone()
    {
        var (store, container) = await StoreAsync();
        var calls = Enumerable.Range(0, 12).Select(i => i switch
        {
            3 => store.UpdateAsync<PageSet>("r.json", _ => throw new InvalidOperationException("bad change"), NoStep, CancellationToken.None),
            7 => AddPageAsync(store, "r.json", i, () => throw new IOException("crash before the write")),
            _ => AddPageAsync(store, "r.json", i),
        }).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => calls[3]);
        await Assert.ThrowsAsync<IOException>(() => calls[7]);
        foreach (var (call, i) in calls.Select((c, i) => (c, i)).Where(x => x.i is not (3 or 7))) Assert.True((await call).Wrote, $"caller {i}");

        Assert.Equal(Enumerable.Range(0, 12).Where(i => i is not (3 or 7)).Select(P), (await StoredAsync(container, "r.json"))!.Pages);
    }

    [Fact]
    public async Task A_write_by_another_process_after_ours_is_kept_when_we_write_again()
    {
        var (store, container) = await StoreAsync();
        await AddPageAsync(store, "r.json", 1);
        // Another instance adds page 2 (this process still remembers the ETag of its own write), in the layout of a site
        // written before pages split, which stored page numbers.
        await container.GetBlobClient("r.json").UploadAsync(new BinaryData("{\"generation\":7,\"pages\":[1,2]}"u8.ToArray()), overwrite: true);

        var (value, wrote) = await AddPageAsync(store, "r.json", 3);

        Assert.True(wrote);
        Assert.Equal([P(1), P(2), P(3)], value!.Pages);
        Assert.Equal([P(1), P(2), P(3)], (await StoredAsync(container, "r.json"))!.Pages);
        Assert.Equal(8, (await StoredAsync(container, "r.json"))!.Generation);
    }

    [Fact]
    public async Task A_step_hook_that_writes_the_same_record_runs_alone_instead_of_waiting_for_itself()
    {
        var (store, container) = await StoreAsync();
        // The hook runs inside the batch that is about to write r.json and itself adds page 2 to it (as a withdrawal run
        // from a test's step hook does): it must not queue behind its own batch. The batch then loses its ETag and retries.
        var write = AddPageAsync(store, "r.json", 1, async () => await AddPageAsync(store, "r.json", 2));
        await write.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([P(1), P(2)], (await StoredAsync(container, "r.json"))!.Pages);
    }

    [Fact]
    public async Task Nothing_to_do_is_checked_against_the_store_so_a_lost_record_is_written_again()
    {
        var (store, container) = await StoreAsync();
        await AddPageAsync(store, "r.json", 1);
        await container.GetBlobClient("r.json").DeleteAsync();

        // The remembered record already holds page 1; the store has nothing: the change is written again.
        var (_, wrote) = await AddPageAsync(store, "r.json", 1);

        Assert.True(wrote);
        Assert.Equal([P(1)], (await StoredAsync(container, "r.json"))!.Pages);
    }

    [Fact]
    public async Task A_page_is_written_once_for_many_concurrent_generations_and_never_replaced_by_an_older_one()
    {
        var (store, container) = await StoreAsync();
        var renders = 0;
        BinaryData Render(long g)
        {
            Interlocked.Increment(ref renders);
            return new BinaryData($"page {g}");
        }
        await Task.WhenAll(Enumerable.Range(1, 16).Select(g =>
            store.WriteIfNewerAsync("p.html", g, new PageDraft(1, SiteStore.HtmlType, () => Render(g)), NoStep, CancellationToken.None)));

        Assert.Equal("page 16", (await container.GetBlobClient("p.html").DownloadContentAsync()).Value.Content.ToString());
        Assert.True(renders < 16, $"{renders} renders for 16 callers: nothing was batched");

        // Another process writes generation 40; our next write (generation 17, on a stale ETag) must leave it.
        await container.GetBlobClient("p.html").UploadAsync(new BinaryData("page 40"), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["generation"] = "40" },
        });
        await store.WriteIfNewerAsync("p.html", 17, new PageDraft(1, SiteStore.HtmlType, () => Render(17)), NoStep, CancellationToken.None);
        Assert.Equal("page 40", (await container.GetBlobClient("p.html").DownloadContentAsync()).Value.Content.ToString());

        // A page lost meanwhile is noticed even when this process remembers writing a newer one.
        await container.GetBlobClient("p.html").DeleteAsync();
        await store.WriteIfNewerAsync("p.html", 40, new PageDraft(1, SiteStore.HtmlType, () => Render(40)), NoStep, CancellationToken.None);
        Assert.Equal("page 40", (await container.GetBlobClient("p.html").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task New_bodies_published_at_once_are_all_found_and_share_their_shard_writes()
    {
        var (store, container) = await StoreAsync();
        var bodies = Enumerable.Range(0, 12).Select(i => string.Create(CultureInfo.InvariantCulture, $"测试省测试市第{i:D2}区人民政府")).ToList();
        await Task.WhenAll(bodies.Select(b => SiteSearch.AddBodyAsync(store, b, SiteSlug.ForBody(b), NoStep, CancellationToken.None)));

        foreach (var body in bodies)
        {
            var id = SiteSearch.IdOf(SiteSlug.ForBody(body));
            Assert.Contains(id, await TextAsync(container, SiteSearch.NameShard(id)));
            foreach (var gram in SiteSearch.Bigrams(SiteSearch.Normalize(body)))
                Assert.Contains($"\"{id}\"", await TextAsync(container, SiteSearch.GramShard(gram)));
        }
        var oneByOne = bodies.Sum(b => SiteSearch.Bigrams(SiteSearch.Normalize(b)).Select(SiteSearch.GramShard).Distinct().Count() + 1);
        Assert.True(store.Stats.Writes < oneByOne, $"{store.Stats.Writes} writes, as many as one body at a time ({oneByOne})");
    }

    [Fact]
    public async Task Publishing_skips_the_shard_of_a_bigram_it_has_seen_stopped_and_rebuild_still_reads_it()
    {
        var (store, container) = await StoreAsync();
        var shard = SiteSearch.GramShard("办事");
        await store.UpdateAsync<GramShard>(shard,
            s => (s ?? new GramShard()).WithIds(Enumerable.Range(0, SiteSearch.StopAfter + 1).Select(i => ("办事", i.ToString("x8", CultureInfo.InvariantCulture)))),
            NoStep, CancellationToken.None);
        // The first new body reads the shard and learns that 办事 is stopped.
        const string first = "测试市甲街道办事处", second = "测试市乙街道办事处";
        await SiteSearch.AddBodyAsync(store, first, SiteSlug.ForBody(first), NoStep, CancellationToken.None);
        Assert.Contains("\"办事\"", await TextAsync(container, shard));

        // With the shard gone, the next body's publication does not touch it (nothing to add to a stopped bigram)...
        await container.GetBlobClient(shard).DeleteAsync();
        await SiteSearch.AddBodyAsync(store, second, SiteSlug.ForBody(second), NoStep, CancellationToken.None);
        Assert.False((await container.GetBlobClient(shard).ExistsAsync()).Value);
        Assert.Contains(SiteSearch.IdOf(SiteSlug.ForBody(second)), await TextAsync(container, SiteSearch.NameShard(SiteSearch.IdOf(SiteSlug.ForBody(second)))));

        // ...while a rebuild's merge reads and writes every shard of its bodies.
        await SiteSearch.AddBodiesAsync(store, [(second, SiteSlug.ForBody(second))], CancellationToken.None);
        Assert.Contains(SiteSearch.IdOf(SiteSlug.ForBody(second)), await TextAsync(container, shard));
    }

    private static async Task<string> TextAsync(BlobContainerClient container, string path) =>
        (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString();
}
