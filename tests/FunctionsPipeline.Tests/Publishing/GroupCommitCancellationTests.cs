using FunctionsPipeline.Core.Publishing.Storage;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// A group-commit batch runs for every caller in it: one caller's cancellation (its host stopping, its invocation timing
/// out) must not cancel the batch for the others (issue 28), which would fail their uploads with it.
/// </summary>
public sealed class GroupCommitCancellationTests
{
    /// <summary>A leads batch 1 and holds it; B and C queue; B then leads batch 2 = [B, C], and B is cancelled during it.</summary>
    private static async Task<(Task<int> B, Task<int> C)> SecondBatchAsync(GroupCommit commit, CancellationToken b, CancellationToken c,
        TaskCompletionSource secondRunning, Task cancelled)
    {
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Batch(IReadOnlyList<GroupCommit.Pending<int, int>> batch, CancellationToken token)
        {
            if (batch.Any(p => p.Input == 0))
            {
                firstRunning.TrySetResult();
                await releaseFirst.Task;
            }
            else
            {
                secondRunning.TrySetResult();
                await cancelled;
                token.ThrowIfCancellationRequested(); // a storage call of the batch would throw here
            }
            foreach (var p in batch) p.Done.TrySetResult(p.Input);
        }
        var a = commit.SubmitAsync<int, int>("blob", 0, Batch);
        await firstRunning.Task;
        var bTask = commit.SubmitAsync<int, int>("blob", 1, Batch, b);
        var cTask = commit.SubmitAsync<int, int>("blob", 2, Batch, c);
        releaseFirst.SetResult();
        await a;
        return (bTask, cTask);
    }

    [Fact]
    public async Task A_cancelled_leader_does_not_cancel_the_batch_for_the_others()
    {
        using var leader = new CancellationTokenSource();
        var secondRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (b, c) = await SecondBatchAsync(new GroupCommit(), leader.Token, CancellationToken.None, secondRunning, cancelled.Task);
        await secondRunning.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await leader.CancelAsync();
        cancelled.SetResult();

        Assert.Equal(2, await c.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await b.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_batch_whose_callers_are_all_cancelled_is_cancelled()
    {
        using var both = new CancellationTokenSource();
        var secondRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (b, c) = await SecondBatchAsync(new GroupCommit(), both.Token, both.Token, secondRunning, cancelled.Task);
        await secondRunning.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await both.CancelAsync();
        cancelled.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
