using System.Diagnostics;
using System.Text.Json;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Tests.Publishing;
using Xunit.Abstractions;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// Every hostile upload goes the whole way: blob in <c>uploads</c> (real Azurite) → real trigger host → real pipeline →
/// status record <c>results/{name}.json</c>. Bounds asserted per case (generous; measured figures are printed):
/// processing ≤ <see cref="MaxWall"/>, allocations ≤ <see cref="MaxAllocated"/>, growth of the process's peak RSS over its RSS when the case
/// started ≤ <see cref="MaxRssGrowth"/> (the process is shared with the rest of the suite, whose own resident memory —
/// the OFD looks test's page images, many Azurite kits — may already be near 1 GB; an upload that inflated a bomb would
/// still show as growth).
/// </summary>
[Collection(HostileCorpusCollection.Name)]
public sealed class HostileCorpusTests(HostileCorpusHost host, ITestOutputHelper output)
{
    private static readonly TimeSpan MaxWall = TimeSpan.FromSeconds(20);
    private const long MaxAllocated = 512L * 1024 * 1024;
    private const long MaxRssGrowth = 512L * 1024 * 1024;
    /// <summary>
    /// The size cases (bombs, huge parts, over the upload limit) are refused from what the zip declares, never inflated:
    /// far below the 400 MB the real bomb inflates to (the refusal measured +17 MB RSS), so a reader that inflated the
    /// sheet and then refused it fails here.
    /// </summary>
    private const long MaxSizeCaseGrowth = 64L * 1024 * 1024;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in HostileCorpus.All) data.Add(c.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_upload_ends_with_its_expected_outcome_within_bounds_and_keeps_the_upload(string id)
    {
        var c = HostileCorpus.Get(id);
        var (stored, runs) = await host.OutcomeAsync(c.BlobName);
        foreach (var r in runs) Report(c, r);

        Assert.True(stored is not null, $"no status record for {c.BlobName} within {HostileCorpusHost.CorpusDeadline}; invocations: " +
                                        string.Join("; ", runs.Select(r => r.Error?.Message ?? r.Status?.Outcome.ToString())));
        Assert.NotNull(stored);
        CaseRun run;
        if (c.HandedOverByTrigger)
        {
            // Processed once, and never thrown back to the host (a throw means the trigger retries it as a storage failure).
            run = Assert.Single(runs);
            Assert.Null(run.Error);
        }
        else
        {
            // The trigger never calls the function for it; exactly one sweep recorded it (this is the corpus's only such
            // name), and later sweeps left that record alone.
            Assert.Empty(runs);
            var sweep = Assert.Single(host.Measuring.Sweeps);
            Assert.Equal(1, sweep.Recorded);
            run = sweep.Run with { Upload = c.BlobName, Status = stored };
            Report(c, run);
        }
        var status = run.Status!;
        Assert.Equal(c.BlobName, status.Upload);
        Assert.Equal(host.Uploaded[c.BlobName].ETag, status.ETag);
        Assert.Equal(c.Expect.Outcome, status.Outcome);
        Assert.DoesNotContain("   at ", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", status.Message, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", status.Message);

        // The record a clerk reads is the one returned, stored under the safe name.
        Assert.Equal((status.Outcome, status.ETag, status.Upload), (stored.Outcome, stored.ETag, stored.Upload));
        Assert.DoesNotContain("/", ResultNames.Stem(c.BlobName), StringComparison.Ordinal);

        // The upload is kept, unchanged.
        var kept = await host.Pipeline.Uploads.GetBlobClient(c.UploadName).GetPropertiesAsync();
        Assert.Equal((host.Uploaded[c.BlobName].ETag, host.Uploaded[c.BlobName].Length), (kept.Value.ETag.ToString(), kept.Value.ContentLength));

        Assert.True(run.Wall <= MaxWall, $"took {run.Wall.TotalSeconds:F1} s");
        var (maxAllocated, maxRssGrowth) = c.Class == "size" ? (MaxSizeCaseGrowth, MaxSizeCaseGrowth) : (MaxAllocated, MaxRssGrowth);
        Assert.True(run.AllocatedBytes <= maxAllocated, $"allocated {ProcessMemory.Mb(run.AllocatedBytes)}");
        Assert.True(run.PeakRssBytes - run.RssBeforeBytes <= maxRssGrowth,
            $"peak RSS {ProcessMemory.Mb(run.PeakRssBytes)}, {ProcessMemory.Mb(run.PeakRssBytes - run.RssBeforeBytes)} over the {ProcessMemory.Mb(run.RssBeforeBytes)} at the start");

        if (c.Expect.Outcome == UploadOutcome.Rejected) await AssertRejectedAsync(c, run, status);
        else await AssertPublishedAsync(c, run, status);
    }

    private async Task AssertRejectedAsync(HostileCase c, CaseRun run, UploadStatus status)
    {
        Assert.Equal(run.SiteBefore, run.SiteAfter); // not one blob of $web written
        Assert.True(status.Errors >= 1);
        var findings = JsonDocument.Parse(await host.Pipeline.Results.TextAsync(ResultNames.FindingsJson(c.BlobName))).RootElement;
        Assert.False(findings.GetProperty("valid").GetBoolean());
        var first = findings.GetProperty("errors")[0];
        var location = first.GetProperty("sheet").GetString() is { Length: > 0 } sheet ? $"{sheet}!{first.GetProperty("cell").GetString()}" : "";
        Assert.Equal(c.Expect.Code, first.GetProperty("code").GetString());
        if (c.Expect.Location is not null) Assert.Equal(c.Expect.Location, location);
        var message = first.GetProperty("message").GetString()!;
        if (c.Expect.MessageMentions is not null) Assert.Contains(c.Expect.MessageMentions, message, StringComparison.Ordinal);
        Assert.Contains(status.Links, l => l.Kind == "findings-html");
        var html = await host.Pipeline.Results.TextAsync(ResultNames.FindingsHtml(c.BlobName));
        Assert.Contains(c.Expect.Code!, html, StringComparison.Ordinal);
    }

    private async Task AssertPublishedAsync(HostileCase c, CaseRun run, UploadStatus status)
    {
        var report = c.Report!;
        Assert.Equal(report.Body, status.Body);
        Assert.NotEqual(run.SiteBefore, run.SiteAfter);
        var manifest = await host.Pipeline.Publisher.GetManifestAsync();
        var entry = Assert.Single(manifest.Publications, e => e.Body == report.Body);
        foreach (var path in new[] { entry.Pdf, entry.Html, entry.Notice }) Assert.True(await host.Pipeline.Web.GetBlobClient(path).ExistsAsync(), path);

        if (c.MustPrint is { } text)
        {
            using var pdf = UglyToad.PdfPig.PdfDocument.Open((await host.Pipeline.Web.GetBlobClient(entry.Pdf).DownloadContentAsync()).Value.Content.ToArray());
            Assert.Contains(text, string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        }
        if (c.Id.Contains("markup", StringComparison.Ordinal))
        {
            // Markup typed into the workbook is shown as text on every page, never parsed as HTML.
            foreach (var page in new[] { entry.Html, entry.Notice, IndexPage.FileName })
            {
                var html = PublishingTestKit.WithoutSiteScript(await host.Pipeline.Web.TextAsync(page));
                Assert.DoesNotContain("<script", PublishingTestKit.WithoutJsonLd(html), StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<b>粗", html, StringComparison.Ordinal);
                Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
            }
        }
    }

    private void Report(HostileCase c, CaseRun run)
    {
        var latency = Stopwatch.GetElapsedTime(host.Uploaded[c.BlobName].UploadedAt, run.FinishedAt);
        output.WriteLine($"{c.Class} | {c.Id}: {run.Status?.Outcome.ToString() ?? run.Error?.GetType().Name} " +
                         $"in {run.Wall.TotalMilliseconds:F0} ms (upload→status {latency.TotalSeconds:F1} s), " +
                         $"allocated {ProcessMemory.Mb(run.AllocatedBytes)}, peak RSS {ProcessMemory.Mb(run.PeakRssBytes)} (+{ProcessMemory.Mb(run.PeakRssBytes - run.RssBeforeBytes)})");
        output.WriteLine(run.Status?.Message ?? run.Error?.ToString());
    }
}
