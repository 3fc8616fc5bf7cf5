using System.Collections.Concurrent;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>Prints each upload's stages as they finish, and collects the final statuses.</summary>
public sealed class ConsoleProgress(TextWriter output) : IPipelineObserver
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, UploadStatus> _finished = new();

    public IReadOnlyDictionary<string, UploadStatus> Finished => _finished;

    public event Action<UploadStatus>? StatusRecorded;

    public void StageCompleted(string upload, string stage, TimeSpan elapsed)
    {
        lock (_gate) output.WriteLine($"  {upload,-28} {stage,-9} {elapsed.TotalMilliseconds,7:F0} ms");
    }

    void IPipelineObserver.Finished(UploadStatus status)
    {
        _finished[status.Upload] = status;
        lock (_gate) output.WriteLine($"  {status.Upload,-28} → {Outcome(status.Outcome)}  {status.Message}");
        StatusRecorded?.Invoke(status);
    }

    public static string Outcome(UploadOutcome outcome) => UploadTransitions.Name(outcome);
}
