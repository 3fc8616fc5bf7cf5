using System.Collections.Concurrent;
using System.Diagnostics;
using FunctionsPipeline.Cli.Local;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// One Azurite and one trigger host for the whole hostile corpus: every case is uploaded to <c>uploads</c> at start
/// (one scan of the trigger picks them all up), and the host processes them one at a time through
/// <see cref="MeasuringProcessor"/>, so each case's time, memory and site snapshots are its own.
/// </summary>
public sealed class HostileCorpusHost : IAsyncLifetime
{
    /// <summary>Every case is processed within this long after the corpus is uploaded (measured: well under a minute on 2 cores).</summary>
    public static readonly TimeSpan CorpusDeadline = TimeSpan.FromMinutes(4);

    private AzuriteProcess? _azurite;
    private PipelineUnderTrigger? _pipeline;
    private MeasuringProcessor? _measuring;

    internal PipelineUnderTrigger Pipeline => _pipeline ?? throw new InvalidOperationException("not started");
    internal MeasuringProcessor Measuring => _measuring ?? throw new InvalidOperationException("not started");

    /// <summary>Each case's upload: ETag, length and when the upload finished (Stopwatch timestamp).</summary>
    internal ConcurrentDictionary<string, (string ETag, long Length, long UploadedAt)> Uploaded { get; } = new(StringComparer.Ordinal);

    internal DateTime UploadedAllAt { get; private set; }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        // One at a time (host parallelism 1, and the measuring processor serialises): per-case figures stay clean.
        _pipeline = await PipelineUnderTrigger.StartAsync(_azurite.ConnectionString, PipelineContainers.Standard,
            (pipeline, web) => _measuring = new MeasuringProcessor(pipeline, web),
            blobs: new HostJsonSettings(MaxDegreeOfParallelism: 1, PoisonBlobThreshold: 5));
        await Parallel.ForEachAsync(HostileCorpus.All, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            var content = c.Content();
            var eTag = await _pipeline.UploadAsync(c.UploadName, content);
            Uploaded[c.UploadName] = (eTag, content.LongLength, Stopwatch.GetTimestamp());
        });
        UploadedAllAt = DateTime.UtcNow;
    }

    /// <summary>The finished (returned or thrown) invocations of an upload, waiting for the first one until the corpus deadline.</summary>
    internal async Task<IReadOnlyList<CaseRun>> RunsAsync(string upload)
    {
        var deadline = UploadedAllAt + CorpusDeadline - DateTime.UtcNow;
        await EndToEnd.Polling.UntilAsync(() => Measuring.RunsOf(upload).Count > 0, deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero);
        return Measuring.RunsOf(upload);
    }

    public async Task DisposeAsync()
    {
        if (_pipeline is not null) await _pipeline.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

/// <summary>The hostile corpus shares one Azurite and one trigger host; it runs alone so per-case memory figures are not disturbed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCorpusCollection : ICollectionFixture<HostileCorpusHost>
{
    public const string Name = "HostileCorpus";
}
