using Azure;
using FunctionsPipeline.Core.Publishing;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// A publishing fault hook that crashes once, before one named step, the way a crash or a storage error kills an
/// invocation between two writes; every later step (the retry's) passes. It records every step it reached.
/// Two variants, by what the crash throws: <see cref="StorageError"/> (what the trigger retries) and <see cref="IOError"/>.
/// </summary>
internal sealed class CrashOnceAt : IPublishFaults
{
    private readonly string? _step;
    private readonly Func<string, Exception> _crash;
    private readonly List<string> _seen = [];
    private int _crashes;

    private CrashOnceAt(string? step, Func<string, Exception> crash, bool armed)
    {
        _step = step;
        _crash = crash;
        Armed = armed;
    }

    /// <summary>
    /// Throws <see cref="RequestFailedException"/> 503 ("simulated crash before the … step"). Pass <c>armed: false</c>
    /// to let every step pass until the test sets <see cref="Armed"/> (e.g. after its own publications); a null step never crashes.
    /// </summary>
    public static CrashOnceAt StorageError(string? step, bool armed = true) =>
        new(step, name => new RequestFailedException(503, $"simulated crash before the {name} step"), armed);

    /// <summary>Throws <see cref="IOException"/> ("simulated crash before …"), for a publisher called directly.</summary>
    public static CrashOnceAt IOError(string step) =>
        new(step, name => new IOException($"simulated crash before {name}"), armed: true);

    /// <summary>Whether it may crash; a disarmed hook only records the steps.</summary>
    public bool Armed { get; set; }

    /// <summary>How many times it crashed (0 or 1).</summary>
    public int Crashes => Volatile.Read(ref _crashes);

    /// <summary>Every step reached so far, in order, the crashing one included.</summary>
    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen) return [.. _seen];
        }
    }

    public Task BeforeStepAsync(string name, CancellationToken cancellationToken)
    {
        lock (_seen) _seen.Add(name);
        if (Armed && name == _step && Interlocked.CompareExchange(ref _crashes, 1, 0) == 0) throw _crash(name);
        return Task.CompletedTask;
    }
}
