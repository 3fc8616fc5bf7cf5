using System.Collections.Concurrent;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The requests the local host is processing right now, by kind (<see cref="Uploads"/>, <see cref="Approvals"/>, <see cref="Withdrawals"/>) and blob name: the triggers and the catch-up pass
/// run each request through <see cref="RunAsync{T}"/>, so one never starts a request the other is processing (it waits for
/// it, then finds its outcome recorded), and the catch-up skips what a trigger already holds (<see cref="IsBusy"/>).
/// </summary>
public sealed class InFlightRequests
{
    public const string Uploads = "uploads";
    public const string Approvals = "approvals";
    public const string Withdrawals = "withdrawals";

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>True when no request is being processed.</summary>
    public bool IsEmpty => _running.IsEmpty;

    public bool IsBusy(string container, string name) => _running.ContainsKey(Key(container, name));

    /// <summary>Runs <paramref name="work"/> once no other work on the same blob is running.</summary>
    public async Task<T> RunAsync<T>(string container, string name, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var key = Key(container, name);
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_running.TryAdd(key, mine.Task))
        {
            if (_running.TryGetValue(key, out var other))
            {
                try
                {
                    await other;
                }
                catch (Exception)
                {
                    // The other attempt's failure is its own.
                }
            }
        }
        try
        {
            return await work();
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Task>(key, mine.Task));
            mine.TrySetResult();
        }
    }

    private static string Key(string container, string name) => container + "/" + name;
}
