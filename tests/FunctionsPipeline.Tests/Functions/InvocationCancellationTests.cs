using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Tests.Functions;

/// <summary>A stopping host's cancellation reaches a request only after its grace: it may finish, but not wait forever.</summary>
public sealed class InvocationCancellationTests
{
    [Fact]
    public async Task The_request_is_cancelled_a_grace_after_the_invocation_and_not_before()
    {
        using var invocation = new CancellationTokenSource();
        using var run = InvocationCancellation.WithGrace(invocation.Token, TimeSpan.FromMilliseconds(300));

        await invocation.CancelAsync();
        await Task.Delay(50);
        Assert.False(run.Token.IsCancellationRequested);

        var cancelled = new TaskCompletionSource();
        await using var _ = run.Token.Register(() => cancelled.TrySetResult());
        Assert.Same(cancelled.Task, await Task.WhenAny(cancelled.Task, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Without_a_stop_the_request_is_never_cancelled_and_ending_it_first_is_harmless()
    {
        using var invocation = new CancellationTokenSource();
        var run = InvocationCancellation.WithGrace(invocation.Token, TimeSpan.Zero);
        await Task.Delay(50);
        Assert.False(run.Token.IsCancellationRequested);

        run.Dispose();
        await invocation.CancelAsync();   // the host stops after the request ended
    }
}
