using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Core.Rendering.Ofd;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Publishing to a real (in-memory) Azurite started for the run: the median time of one first
/// publication (into a fresh container each time), of an identical re-upload (unchanged), of a
/// correction, and of the HTML rendering alone.
/// </summary>
internal static class PublishBench
{
    private const int Iterations = 30;

    public static async Task RunAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var service = new BlobServiceClient(azurite.ConnectionString);
        // The larger sample body with its real PDF (rendered once, outside the timings).
        var report = SampleReports.County;
        var document = DocumentBuilder.Build(report);
        var layout = new PdfRenderer().Lay(document);
        var now = DateTimeOffset.UtcNow;
        var pdf = PdfRenderer.Render(document, layout, now);
        var ofd = OfdRenderer.Render(document, layout, now);
        // The render stage's output: publishing writes it and renders nothing (the HTML is measured on its own below).
        var rendered = new RenderedReport(pdf, HtmlReportRenderer.Render(document, NoticePage.RootHref), ofd);
        Harness.Figure("publish: PDF size (County sample)", pdf.Length / 1024.0, "KiB");
        Harness.Figure("publish: OFD size (County sample)", ofd.Length / 1024.0, "KiB");
        var clock = TimeProvider.System;

        var steps = new StepTimer();
        SitePublisher NewSite(string? container = null, IPublishFaults? faults = null) => new(service,
            Options.Create(new PublishingOptions { ContainerName = container ?? $"bench-{Guid.NewGuid():N}" }), clock, faults: faults);

        Harness.Measure("publish: render HTML report", 200, () => HtmlReportRenderer.Render(document, NoticePage.RootHref));

        await Harness.MeasureAsync("publish: first publication (County, real PDF)", Iterations,
            () => NewSite().PublishAsync(report, rendered));

        // Where the time goes: the same publication, timed from each step's hook to the next.
        for (var i = 0; i < Iterations; i++)
        {
            steps.Start();
            await NewSite(faults: steps).PublishAsync(report, rendered);
            steps.Stop();
        }
        foreach (var (step, times) in steps.Samples) Harness.Record($"publish: step {step}", times);

        var site = NewSite();
        await site.PublishAsync(report, rendered);
        await Harness.MeasureAsync("publish: identical re-upload (unchanged)", Iterations,
            () => site.PublishAsync(report, rendered));

        // Each correction changes one cell, so every run is a new version on a growing manifest.
        var version = 0;
        await Harness.MeasureAsync("publish: correction (new version)", Iterations, () =>
        {
            var corrected = WithGranted(report, ++version);
            return site.PublishAsync(corrected, new RenderedReport(pdf, HtmlReportRenderer.Render(DocumentBuilder.Build(corrected), NoticePage.RootHref), ofd));
        });

        // Ten bodies at once into one container: wall time for all ten to be listed.
        var samples = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var container = $"bench-race-{Guid.NewGuid():N}";
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            {
                var r = report with { Body = $"第{i}街道办事处" };
                return Task.Run(() => NewSite(container).PublishAsync(r, new RenderedReport(pdf, HtmlReportRenderer.Render(DocumentBuilder.Build(r), NoticePage.RootHref), ofd)));
            }));
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        Harness.Record("publish: 10 bodies concurrently (wall)", samples);
    }

    /// <summary>Records the time from each step's start to the next step's (the last to the end).</summary>
    private sealed class StepTimer : IPublishFaults
    {
        private readonly Stopwatch _clock = new();
        private string? _current = "(container, manifest read)";
        private TimeSpan _since;

        public Dictionary<string, List<double>> Samples { get; } = [];

        public void Start()
        {
            _current = "(container, manifest read)";
            _since = TimeSpan.Zero;
            _clock.Restart();
        }

        public void Stop() => Close();

        public Task BeforeStepAsync(string step, CancellationToken cancellationToken)
        {
            Close();
            _current = step;
            return Task.CompletedTask;
        }

        private void Close()
        {
            var now = _clock.Elapsed;
            if (_current is not null)
            {
                if (!Samples.TryGetValue(_current, out var list)) Samples[_current] = list = [];
                list.Add((now - _since).TotalMilliseconds);
            }
            _since = now;
        }
    }

    private static AnnualReport WithGranted(AnnualReport report, int extra) => report with
    {
        Applications = TableB.Create((row, column) =>
            report.Applications[row, column] + (row == TableBRow.Granted && column == ApplicantColumn.NaturalPerson ? extra : 0)),
    };
}
