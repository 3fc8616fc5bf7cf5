namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// The token a request runs under in a host that stops gracefully: the invocation's token, with time to finish what
/// started. A stopping host cancels its invocations at once; a request cut short there leaves its blob for a retry
/// minutes later, so it is given <c>grace</c> to finish first, and is cancelled only then (a request waiting on
/// storage that is down does not hold the host's stop forever).
/// </summary>
public sealed class InvocationCancellation : IDisposable
{
    /// <summary>
    /// What the local trigger host gives a request after it began to stop: enough to finish a publication under way (about a
    /// second), short enough that <c>fp serve</c> stops within seconds of SIGTERM whatever the state of storage.
    /// </summary>
    public static readonly TimeSpan LocalHostGrace = TimeSpan.FromSeconds(4);

    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _registration;

    private InvocationCancellation(CancellationToken invocation, TimeSpan grace, TimeProvider time)
    {
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var source = _source;
        _registration = invocation.Register(() =>
        {
            try
            {
                source.CancelAfter(grace);
            }
            catch (ObjectDisposedException)
            {
                // The request ended as the host began to stop.
            }
        });
    }

    /// <summary>Cancelled <paramref name="grace"/> after <paramref name="invocation"/> is.</summary>
    public static InvocationCancellation WithGrace(CancellationToken invocation, TimeSpan grace, TimeProvider? time = null) =>
        new(invocation, grace, time ?? TimeProvider.System);

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}
