using System.Collections.Concurrent;
using System.Diagnostics;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Tests.Robustness;

/// <summary>
/// One Azurite and one trigger host for the whole hostile corpus: every case is uploaded to <c>uploads</c> at start
/// (one scan of the trigger picks them all up), and the host processes them one at a time through
/// <see cref="MeasuringProcessor"/>, so each case's time, memory and site snapshots are its own.
/// </summary>
public sealed class HostileCorpusHost : IAsyncLifetime
{
    /// <summary>Every case is processed within this long after the corpus is uploaded (measured: the last of 51 about 45 s after the upload, on 2 cores).</summary>
    public static readonly TimeSpan CorpusDeadline = TimeSpan.FromMinutes(2);

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
            Uploaded[c.BlobName] = (eTag, content.LongLength, Stopwatch.GetTimestamp());
        });
        UploadedAllAt = DateTime.UtcNow;
    }

    /// <summary>
    /// Waits (until the corpus deadline) for the upload's status record for the uploaded version, then returns it with
    /// the pipeline invocations the trigger made for it (none if the trigger could not even hand it over).
    /// </summary>
    internal async Task<(UploadStatus? Status, IReadOnlyList<CaseRun> Runs)> OutcomeAsync(string upload)
    {
        var left = UploadedAllAt + CorpusDeadline - DateTime.UtcNow;
        var status = await Pipeline.WaitForStatusAsync(upload, Uploaded[upload].ETag, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        return (status, Measuring.RunsOf(upload));
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
