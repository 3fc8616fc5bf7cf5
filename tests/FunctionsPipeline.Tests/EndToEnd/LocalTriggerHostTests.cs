using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Tests.Support;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>The local trigger host (WebJobs SDK blob trigger) against a real Azurite, with a recording processor.</summary>
[Collection(TriggerHostCollection.Name)]
public sealed class LocalTriggerHostTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    // Longer than one hybrid polling interval (10 s) plus the queue round trip: a late duplicate would show up within it.
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_upload_of_a_burst_is_processed_exactly_once()
    {
        var burst = Polling.BurstSize();
        var options = NewHostOptions();
        var processor = new RecordingProcessor();
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, processor, options, FileLoggerProvider.FromEnvironment());
        var uploads = fixture.BlobService.GetBlobContainerClient(options.UploadsContainer);

        var names = Enumerable.Range(1, burst).Select(i => $"burst-{i:D4}.xlsx").ToArray();
        var uploadedAt = new ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        await UploadAllAsync(uploads, names, uploadedAt);
        var uploadSeconds = clock.Elapsed.TotalSeconds;

        var allDone = await Polling.UntilAsync(() => names.All(processor.Completed.ContainsKey), Deadline(burst));
        var processedSeconds = clock.Elapsed.TotalSeconds;
        // A late second delivery would show up within one more scan: one uploaded now is delivered in a later scan than all of them.
        const string last = "burst-last.xlsx";
        await uploads.UploadBlobAsync(last, BinaryData.FromString($"workbook {last}"));
        Assert.True(await Polling.UntilAsync(() => processor.Completed.ContainsKey(last), SettleDeadline), "a later upload was never processed");

        var missed = names.Where(n => !processor.Completed.ContainsKey(n)).ToArray();
        var duplicates = processor.Completed.Where(kv => kv.Value != 1).Select(kv => $"{kv.Key}×{kv.Value}").ToArray();
        Report(burst, names, uploadedAt, processor, uploadSeconds, processedSeconds);
        Assert.True(allDone, $"missed {missed.Length} of {burst}: {string.Join(", ", missed.Take(10))}");
        Assert.Empty(duplicates);
        Assert.Equal(burst + 1, processor.Completed.Count);
    }

    [Fact]
    public async Task An_upload_that_keeps_failing_is_recorded_failed_after_the_poison_threshold()
    {
        var options = NewHostOptions() with { Blobs = new HostJsonSettings(MaxDegreeOfParallelism: 2, PoisonBlobThreshold: 3) };
        var processor = new RecordingProcessor
        {
            Fault = name => name == "storage-down.xlsx" ? new IOException("simulated transient storage failure") : null,
        };
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, processor, options);
        var uploads = fixture.BlobService.GetBlobContainerClient(options.UploadsContainer);

        var failing = await uploads.UploadBlobAsync("storage-down.xlsx", BinaryData.FromString("x"));
        await uploads.UploadBlobAsync("fine.xlsx", BinaryData.FromString("y"));

        Assert.True(await Polling.UntilAsync(() => processor.Failed.ContainsKey("storage-down.xlsx"), TimeSpan.FromSeconds(90)), "never recorded as failed");
        Assert.Equal(failing.Value.ETag.ToString(), processor.Failed["storage-down.xlsx"]);
        Assert.Equal(3, processor.Attempts["storage-down.xlsx"]);
        Assert.True(await Polling.UntilAsync(() => processor.Completed.ContainsKey("fine.xlsx"), TimeSpan.FromSeconds(30)));
        Assert.False(processor.Failed.ContainsKey("fine.xlsx"));
    }

    [Fact]
    public async Task A_failed_background_task_of_the_sdk_is_logged_and_the_host_keeps_processing()
    {
        // The SDK's default handler ends the process (seen when a singleton-lease renewal met a stopped Azurite).
        var options = NewHostOptions();
        var processor = new RecordingProcessor();
        var errors = new ErrorCollector();
        await using var host = await LocalTriggerHost.StartAsync(fixture.ConnectionString, processor, options, errors);
        var factory = host.Services.GetService(typeof(Microsoft.Azure.WebJobs.Host.Timers.IWebJobsExceptionHandlerFactory));
        Assert.Equal("LoggingExceptionHandlerFactory", factory?.GetType().Name);   // checked before calling it: the default would crash this test run

        var handler = ((Microsoft.Azure.WebJobs.Host.Timers.IWebJobsExceptionHandlerFactory)factory!).Create(null!);
        await handler.OnUnhandledExceptionAsync(System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(new IOException("lease renewal: connection refused")));
        Assert.Contains(errors.Messages, m => m.Contains("lease renewal: connection refused", StringComparison.Ordinal));

        var uploads = fixture.BlobService.GetBlobContainerClient(options.UploadsContainer);
        await uploads.UploadBlobAsync("after-failure.xlsx", BinaryData.FromString("x"));
        Assert.True(await Polling.UntilAsync(() => processor.Completed.ContainsKey("after-failure.xlsx"), TimeSpan.FromSeconds(60)), "the host stopped processing");
    }

    /// <summary>Keeps the error-level log lines (with their exception messages).</summary>
    private sealed class ErrorCollector : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Messages.Enqueue(formatter(state, exception) + " " + exception?.Message);
        }
        public void Dispose() { }
    }

    private static LocalTriggerHostOptions NewHostOptions()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new LocalTriggerHostOptions
        {
            HostId = $"fp-test-{id}",
            UploadsContainer = $"uploads-{id}",
            MinimumLogLevel = FileLoggerProvider.FromEnvironment() is null ? Microsoft.Extensions.Logging.LogLevel.Warning : Microsoft.Extensions.Logging.LogLevel.Debug,
        };
    }

    private static TimeSpan Deadline(int burst) => TimeSpan.FromSeconds(60 + burst / 2.0);

    private static async Task UploadAllAsync(BlobContainerClient uploads, IEnumerable<string> names, ConcurrentDictionary<string, long> uploadedAt)
    {
        await uploads.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, ct) =>
        {
            await uploads.UploadBlobAsync(name, BinaryData.FromString($"workbook {name}"), ct);
            uploadedAt[name] = Stopwatch.GetTimestamp();
        });
    }

    private void Report(int burst, string[] names, ConcurrentDictionary<string, long> uploadedAt, RecordingProcessor processor, double uploadSeconds, double processedSeconds)
    {
        var latencies = names.Where(n => processor.FirstCompletedAt.ContainsKey(n) && uploadedAt.ContainsKey(n))
            .Select(n => Stopwatch.GetElapsedTime(uploadedAt[n], processor.FirstCompletedAt[n]).TotalMilliseconds)
            .ToList();
        output.WriteLine($"burst {burst}: uploaded in {uploadSeconds:F1} s, all processed after {processedSeconds:F1} s " +
                         $"({burst / processedSeconds:F1} uploads/s); processed {processor.Completed.Count}, " +
                         $"duplicates {processor.Completed.Count(kv => kv.Value > 1)}");
        if (latencies.Count > 0)
        {
            output.WriteLine($"upload→processed latency: median {Polling.Percentile(latencies, 0.5):F0} ms, " +
                             $"p95 {Polling.Percentile(latencies, 0.95):F0} ms, max {latencies.Max():F0} ms");
        }
    }
}
