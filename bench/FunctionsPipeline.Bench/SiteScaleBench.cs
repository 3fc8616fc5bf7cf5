using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Bench;

/// <summary>
/// The public site at portal scale (issue #13): one container on Azurite grows to N publications of distinct
/// bodies across 5 report years (one every 10 minutes of simulated time), reusing one rendered PDF.
/// At each checkpoint N the next 50 publications are timed one at a time, with the bytes each wrote apart
/// from the report's own files (listings) and in all; the site is filled between checkpoints 8 at a time (with small
/// stand-ins for the PDF and OFD, which only the timed publications need).
/// First a burst of 500 publications at concurrency 16 into a container of its own: throughput, ETag retries, and a
/// check that every body's manifest, body page, year page and month page agree (0 entries lost).
/// Sizes: <c>FP_SITE_SCALE_N</c> (default "100,1000,5000"), <c>FP_SITE_SCALE_BURST</c> (default 500);
/// <c>FP_SITE_SCALE_FILL=seed</c>: fill by seeding manifests and rebuilding (<see cref="SeedAsync"/>) instead of publishing;
/// <c>FP_SITE_SCALE_AZURITE_DIR</c>: keep Azurite's data in that folder instead of in memory; <c>FP_SITE_SCALE_STORAGE</c>: a
/// connection string to use instead of starting Azurite; <c>FP_SITE_SCALE_REQUESTS=1</c>: print the storage requests by kind;
/// <c>FP_SITE_SCALE_ROOTS</c>: root pages per catalogue (<see cref="Roots"/>).
/// </summary>
internal static class SiteScaleBench
{
    private const int Window = 50;
    private const int FirstReportYear = 2020;
    private const int PageLimitBytes = 200 * 1024;
    private const int PublicationLimitBytes = 300 * 1024;

    public static async Task RunAsync()
    {
        var checkpoints = (Environment.GetEnvironmentVariable("FP_SITE_SCALE_N") ?? "100,1000,5000")
            .Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var burst = int.TryParse(Environment.GetEnvironmentVariable("FP_SITE_SCALE_BURST"), out var b) ? b : 500;

        // FP_SITE_SCALE_STORAGE: a connection string to run against instead (an Azurite started by hand, a real account).
        var external = Environment.GetEnvironmentVariable("FP_SITE_SCALE_STORAGE") is { Length: > 0 } given ? given : null;
        var seed = Environment.GetEnvironmentVariable("FP_SITE_SCALE_FILL") == "seed";
        var requests = new RequestCounter();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
        var template = SampleReports.Seed;
        // The PDF and OFD every publication reuses, drawn from one layout (rendered once, outside the timings).
        var renderer = new PdfRenderer();
        var document = DocumentBuilder.Build(template);
        var layout = renderer.Lay(document);
        var now = DateTimeOffset.UtcNow;
        var files = (Pdf: PdfRenderer.Render(document, layout, now), Ofd: OfdRenderer.Render(document, layout, now));
        Harness.Figure("site-scale: reused PDF size", files.Pdf.Length / 1024.0, "KiB");
        // The untimed fill between checkpoints stores small stand-ins for the PDF and OFD: 20,000 copies of the real pair
        // (8 GB) would not fit an in-memory Azurite, and nothing reads them again. The listings they leave are the same;
        // the timed publications and the burst store the real files.
        var standIn = (Pdf: "%PDF-1.7\n% stand-in for the bench's untimed fill\n"u8.ToArray(), Ofd: "PK stand-in"u8.ToArray());

        var clock = new PerCallClock();
        // The burst first, on an Azurite of its own (its overwritten listings would weigh on Azurite's extent GC later).
        await using (var burstAzurite = external is null ? await AzuriteProcess.StartAsync() : null)
        {
            await BurstAsync(new BlobServiceClient(external ?? burstAzurite!.ConnectionString, clientOptions), clock, template, files, burst);
        }
        Harness.Figure($"site-scale: burst storage requests per publication", requests.Total / (double)burst, "requests");
        if (Environment.GetEnvironmentVariable("FP_SITE_SCALE_REQUESTS") == "1") requests.Print(burst);

        // FP_SITE_SCALE_AZURITE_DIR keeps Azurite's data on disk (--location).
        await using var azurite = external is not null ? null
            : Environment.GetEnvironmentVariable("FP_SITE_SCALE_AZURITE_DIR") is { Length: > 0 } location
                ? await AzuriteProcess.StartPersistentAsync(location)
                : await AzuriteProcess.StartAsync();
        var service = new BlobServiceClient(external ?? azurite!.ConnectionString, clientOptions);

        // Warm up (JIT here, V8 in Azurite) with 100 untimed publications into a container of their own.
        var warmup = Enumerable.Range(0, 8).Select(_ => NewPublisher(service, $"warmup-{Guid.NewGuid():N}"[..20], clock)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(2_000_000, 100), new ParallelOptions { MaxDegreeOfParallelism = warmup.Length },
            async (i, ct) => await PublishAsync(warmup[0], clock, template, standIn, i));

        var container = $"scale-{Guid.NewGuid():N}";
        var publisher = NewPublisher(service, container, clock);
        var fillers = Enumerable.Range(0, 8).Select(_ => NewPublisher(service, container, clock)).ToArray();
        var published = 0;
        var largest = (Bytes: 0L, Path: "");
        foreach (var n in checkpoints)
        {
            // Fill up to n − Window, eight at a time (untimed), then time the Window publications that reach n.
            var fillTo = Math.Max(published, n - Window);
            var fill = Stopwatch.StartNew();
            if (seed)
            {
                await SeedAsync(publisher, clock, template, published, fillTo);
                published = fillTo;
            }
            await Parallel.ForEachAsync(Enumerable.Range(published, fillTo - published), new ParallelOptions { MaxDegreeOfParallelism = fillers.Length },
                async (i, ct) =>
                {
                    await PublishAsync(fillers[i % fillers.Length], clock, template, standIn, i);
                    if ((i + 1) % 1000 == 0) Console.WriteLine($"    filled {i + 1} ({fill.Elapsed.TotalSeconds:F0} s into this fill)");
                });
            if (fillTo > published) Console.WriteLine($"    fill to {fillTo}: {(fillTo - published) / fill.Elapsed.TotalSeconds:F1} publications/s at concurrency {fillers.Length}");
            if (seed) Console.WriteLine($"    seeded to {fillTo} and rebuilt in {fill.Elapsed.TotalSeconds:F0} s");
            published = fillTo;
            requests.Reset();
            var times = new List<double>();
            var listingKb = new List<double>();
            var totalKb = new List<double>();
            for (; published < n; published++)
            {
                var (listing, total) = (publisher.Stats.ListingBytes, publisher.Stats.Bytes);
                var sw = Stopwatch.StartNew();
                await PublishAsync(publisher, clock, template, files, published);
                times.Add(sw.Elapsed.TotalMilliseconds);
                listingKb.Add((publisher.Stats.ListingBytes - listing) / 1024.0);
                totalKb.Add((publisher.Stats.Bytes - total) / 1024.0);
            }
            Harness.Record($"site-scale: N={n} publish time", times);
            Harness.Figure($"site-scale: N={n} storage requests per publication", requests.Total / (double)times.Count, "requests");
            if (Environment.GetEnvironmentVariable("FP_SITE_SCALE_REQUESTS") == "1") requests.Print(times.Count);
            Harness.Record($"site-scale: N={n} listing bytes per publication", listingKb, "KiB");
            Harness.Record($"site-scale: N={n} all bytes per publication", totalKb, "KiB");
            foreach (var p in fillers.Append(publisher)) if (p.Stats.LargestPage.Bytes > largest.Bytes) largest = p.Stats.LargestPage;
            Harness.Figure($"site-scale: N={n} largest page so far", largest.Bytes / 1024.0, "KiB");
            Console.WriteLine($"    largest page: {largest.Path}");
            if (listingKb.Max() * 1024 > PublicationLimitBytes) Console.WriteLine($"    GOAL MISSED: a publication wrote {listingKb.Max():F0} KiB of listings (limit 300)");
        }
        if (largest.Bytes > PageLimitBytes) Console.WriteLine($"    GOAL MISSED: {largest.Path} is {largest.Bytes / 1024.0:F0} KiB (limit 200)");
    }

    private static async Task BurstAsync(BlobServiceClient service, PerCallClock clock, AnnualReport template, (byte[] Pdf, byte[] Ofd) files, int count)
    {
        var container = $"burst-{Guid.NewGuid():N}";
        var workers = Enumerable.Range(0, 16).Select(_ => NewPublisher(service, container, clock)).ToArray();
        // All in one report year and one month: the worst case for contention.
        var results = new ConcurrentBag<PublishResult>();
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = workers.Length },
            async (i, ct) => results.Add(await PublishAsync(workers[i % workers.Length], clock, template, files, 1_000_000 + i, yearOverride: 2024)));
        var seconds = sw.Elapsed.TotalSeconds;
        Harness.Figure($"site-scale: burst {count} at concurrency 16, throughput", count / seconds, "pub/s");
        Harness.Figure("site-scale: burst ETag retries (all records and pages)", workers.Sum(w => w.Stats.ETagRetries), "retries");
        var lost = await LostEntriesAsync(workers[0], results.ToList());
        Harness.Figure("site-scale: burst entries lost (manifest/body/year/month disagree)", lost, "entries");
    }

    /// <summary>Every publication must be in its body's manifest, on its body page, its year page and its month page.</summary>
    private static async Task<int> LostEntriesAsync(SitePublisher site, IReadOnlyList<PublishResult> results)
    {
        var pageCount = Roots;
        var pageSets = new Dictionary<string, PageSet>(StringComparer.Ordinal);
        async Task<string> PageAsync(CatalogueKey key, string slug)
        {
            if (!pageSets.TryGetValue(key.PagesRecord, out var pages))
                pageSets[key.PagesRecord] = pages = (await site.Listings.Store.ReadAsync<PageSet>(key.PagesRecord, CancellationToken.None)).Value ?? PageSet.Empty;
            return await TextAsync(key.Page(PageTree.LeafFor(pages, slug, pageCount)));
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<string> TextAsync(string path)
        {
            if (texts.TryGetValue(path, out var text)) return text;
            try { text = (await site.Container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString(); }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404) { text = ""; }
            return texts[path] = text;
        }
        var lost = 0;
        foreach (var r in results)
        {
            var manifest = await site.GetBodyManifestAsync(r.Body);
            var link = $"href=\"{SiteLayout.Href(r.Paths.Notice)}\"";
            var ok = manifest.Contains(r.Body, r.Year, r.Version)
                     && (await TextAsync(SiteLayout.BodyPage(r.Slug))).Contains(link, StringComparison.Ordinal)
                     && (await PageAsync(CatalogueKey.Year(r.Year), r.Slug)).Contains(link, StringComparison.Ordinal)
                     && (await PageAsync(CatalogueKey.Month(SiteLayout.MonthKey(r.PublishedAt)), r.Slug)).Contains(link, StringComparison.Ordinal);
            if (!ok) lost++;
        }
        return lost;
    }

    /// <summary>
    /// The seed fill (<c>FP_SITE_SCALE_FILL=seed</c>): bodies <paramref name="from"/>…<paramref name="to"/> − 1 get the manifest
    /// their publication would have written (same body, year, time and figures; no files), then <c>fp site rebuild</c>'s
    /// <see cref="SiteRebuilder"/> lists every body, as it would after an upgrade. The listings are those of a site of that
    /// many publications, built in minutes: a fill through the publisher overwrites each listing thousands of times, and
    /// Azurite's extent GC (every 10 minutes, quadratic in the extents it frees) then stops it answering past ~9,000.
    /// </summary>
    private static async Task SeedAsync(SitePublisher site, PerCallClock clock, AnnualReport template, int from, int to)
    {
        if (to <= from) return;
        await site.Container.CreateIfNotExistsAsync(site.Options.ContainerPublicAccess);
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var (report, at) = BodyAt(template, i);
            var version = SiteSlug.VersionFolder(report.Body, report.Year, 1);
            var publishedAt = FunctionsPipeline.Core.Common.ChinaTime.ToChina(at);
            var entry = new ManifestEntry(report.Body, report.Year, 1, publishedAt, PublicationKind.Publish, report.Title, SiteSlug.ForBody(report.Body),
                $"{version}/{SitePublisher.PdfFile}", $"{version}/{SitePublisher.HtmlFile}", $"{version}/{NoticePage.FileName}", $"{version}/{SitePublisher.ReportDataFile}",
                PdfSha256: new string('0', 64), PdfBytes: 1, ContentSha256: FunctionsPipeline.Core.Common.Sha256.Hex(ReportJson.Serialize(report)),
                Figures: KeyFigures.From(report));
            await site.Container.GetBlobClient(SiteLayout.BodyManifest(entry.Slug))
                .UploadAsync(new BinaryData(SiteManifest.Empty.With(entry, publishedAt).ToJson()), overwrite: true, ct);
        });
        var last = BodyAt(template, to - 1).At;
        await clock.RunAt(last, () => new SiteRebuilder(site, clock).RebuildAsync());
    }

    /// <summary>
    /// <c>FP_SITE_SCALE_ROOTS</c>: root pages per catalogue (default 64). Fewer roots fill their pages to the split limit at a
    /// smaller N, so the steady state of a far larger site (every page between half full and full) is measured within
    /// the N Azurite can hold.
    /// </summary>
    private static readonly int Roots = int.TryParse(Environment.GetEnvironmentVariable("FP_SITE_SCALE_ROOTS"), out var roots) ? roots : new PublishingOptions().CataloguePageCount;

    private static SitePublisher NewPublisher(BlobServiceClient service, string container, TimeProvider clock) =>
        new(service, Options.Create(new PublishingOptions { ContainerName = container, CataloguePageCount = Roots }), clock);

    /// <summary>
    /// Body i reports for year 2020 + i mod 5 and publishes 10 minutes after body i − 1 from 1 January 2025
    /// (20,000 publications span about 4.6 months). The burst's bodies all publish within a few days of one month.
    /// </summary>
    private static Task<PublishResult> PublishAsync(SitePublisher publisher, PerCallClock clock, AnnualReport template, (byte[] Pdf, byte[] Ofd) files, int i, int? yearOverride = null)
    {
        var (report, at) = BodyAt(template, i, yearOverride);
        return clock.RunAt(at, () => publisher.PublishAsync(report, new RenderedReport(files.Pdf, HtmlReportRenderer.Render(DocumentBuilder.Build(report), NoticePage.RootHref), files.Ofd)));
    }

    private static (AnnualReport Report, DateTimeOffset At) BodyAt(AnnualReport template, int i, int? yearOverride = null)
    {
        var year = yearOverride ?? FirstReportYear + i % 5;
        // Bodies publish in an order unrelated to their names, as on a portal (a fixed permutation of 0…999,999): in name
        // order every publication would move its catalogue page's last name and rewrite the labels and index (+41 KiB at N = 20,000).
        var number = (i * 7919L + 12345) % 1_000_000;
        var report = template with { Body = string.Create(CultureInfo.InvariantCulture, $"山东省枣庄市山亭区第{number:D6}号镇人民政府"), Year = year };
        var at = yearOverride is null
            ? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(10 * i)
            : new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).AddSeconds(i % 1_000_000);
        return (report, at);
    }

    /// <summary>A clock each concurrent publication sets for itself (AsyncLocal), so many can publish "at" different times.</summary>
    private sealed class PerCallClock : TimeProvider
    {
        private readonly AsyncLocal<DateTimeOffset?> _at = new();

        public override DateTimeOffset GetUtcNow() => _at.Value ?? base.GetUtcNow();

        public async Task<T> RunAt<T>(DateTimeOffset at, Func<Task<T>> action)
        {
            _at.Value = at;
            return await action();
        }
    }
}
