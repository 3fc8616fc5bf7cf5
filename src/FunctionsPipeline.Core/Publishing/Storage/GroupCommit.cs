using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace FunctionsPipeline.Core.Publishing.Storage;

/// <summary>
/// Group commit for the site's hot blobs (recent.json, a catalogue's labels, shared search shards) within one process.
/// Concurrent writers of one blob queue up; one of them at a time leads: it takes everything queued, runs the batch
/// (one read, every change applied in order, one write) and completes each caller; then the first caller queued since
/// leads the next batch. A Functions instance runs many invocations at once, so this turns N racing read-modify-writes
/// (each losing its ETag race N/2 times on average) into one. Across instances nothing changes: the ETag conditions in
/// <see cref="SiteStore"/> still decide, and a batch that loses is retried as a whole. Owned by <see cref="SiteCaches"/>:
/// writers share lanes only when they share it.
/// </summary>
internal sealed class GroupCommit
{
    /// <summary>One caller's request in a batch; the batch runner completes <see cref="Done"/> (or fails it alone).</summary>
    internal sealed class Pending<TIn, TOut>(TIn input, CancellationToken cancellationToken = default)
    {
        public TIn Input { get; } = input;
        /// <summary>The caller's own token: a batch is cancelled only when every caller in it is.</summary>
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<TOut> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Lead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lane<TIn, TOut>
    {
        public readonly List<Pending<TIn, TOut>> Queue = [];
        public bool Busy;
    }

    private readonly ConcurrentDictionary<string, object> _lanes = new(StringComparer.Ordinal);

    /// <summary>The lanes this async flow is leading a batch of: a call back into one of them (a step hook that writes) runs alone.</summary>
    private readonly AsyncLocal<ImmutableHashSet<string>?> _leading = new();

    /// <summary>
    /// Queues <paramref name="input"/> for the blob <paramref name="key"/> and returns its result once a batch holding it
    /// has run. <paramref name="runBatch"/> must complete every pending it is given; any it leaves (or an exception it
    /// throws) fails those callers. Waiting in the queue is not cancellable: a caller handed the lead must take it.
    /// The batch runs on a token of its own, cancelled only once every caller's <paramref name="cancellationToken"/> is: a
    /// leader whose own request is cancelled (its host stopping, its invocation timing out) never fails the others with it.
    /// </summary>
    public async Task<TOut> SubmitAsync<TIn, TOut>(string key, TIn input, Func<IReadOnlyList<Pending<TIn, TOut>>, CancellationToken, Task> runBatch,
        CancellationToken cancellationToken = default)
    {
        var laneKey = $"{typeof(TIn).FullName}|{key}";
        var me = new Pending<TIn, TOut>(input, cancellationToken);
        if (_leading.Value?.Contains(laneKey) == true)
        {
            // Re-entered from inside this lane's running batch: queueing would wait for ourselves. Run alone; the ETag
            // conditions order it against the batch, as they order writers in other processes.
            await RunAsync(runBatch, [me], laneKey);
            return await me.Done.Task;
        }
        Lane<TIn, TOut> lane;
        bool lead;
        while (true)
        {
            lane = (Lane<TIn, TOut>)_lanes.GetOrAdd(laneKey, _ => new Lane<TIn, TOut>());
            lock (lane)
            {
                // A lane removed while idle is not reused: take the one in the map now.
                if (!ReferenceEquals(_lanes.TryGetValue(laneKey, out var current) ? current : null, lane)) continue;
                lane.Queue.Add(me);
                lead = !lane.Busy;
                lane.Busy = true;
                break;
            }
        }
        if (!lead && await Task.WhenAny(me.Done.Task, me.Lead.Task) == me.Done.Task) return await me.Done.Task;

        List<Pending<TIn, TOut>> batch;
        lock (lane)
        {
            batch = [.. lane.Queue];
            lane.Queue.Clear();
        }
        try
        {
            await RunAsync(runBatch, batch, laneKey);
        }
        finally
        {
            lock (lane)
            {
                if (lane.Queue.Count > 0) lane.Queue[0].Lead.TrySetResult();
                else
                {
                    lane.Busy = false;
                    _lanes.TryRemove(new KeyValuePair<string, object>(laneKey, lane));
                }
            }
        }
        return await me.Done.Task;
    }

    private async Task RunAsync<TIn, TOut>(Func<IReadOnlyList<Pending<TIn, TOut>>, CancellationToken, Task> runBatch, List<Pending<TIn, TOut>> batch,
        string laneKey)
    {
        var outer = _leading.Value;
        _leading.Value = (outer ?? ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal)).Add(laneKey);
        using var everyoneCancelled = new CancellationTokenSource();
        var waiting = batch.Count;
        var registrations = batch.Select(p => p.CancellationToken.Register(() =>
        {
            if (Interlocked.Decrement(ref waiting) == 0) everyoneCancelled.Cancel();
        })).ToList();
        try
        {
            await runBatch(batch, everyoneCancelled.Token);
        }
        catch (Exception ex)
        {
            foreach (var p in batch) p.Done.TrySetException(ex);
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
            _leading.Value = outer;
            foreach (var p in batch) p.Done.TrySetException(new InvalidOperationException($"A batch for {laneKey} left a request unanswered."));
        }
    }
}
