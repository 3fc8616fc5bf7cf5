namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// Waits for a condition by polling with a deadline (no Thread.Sleep in tests): false when the deadline passed first.
/// The default interval is 100 ms for a condition that is only looked at, 200 ms for one that reads storage.
/// Also the load tests' burst size and their percentile figures.
/// </summary>
internal static class Polling
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
        return true;
    }

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
        return true;
    }

    /// <summary>The burst size of the load tests: FP_BURST_SIZE, default 200.</summary>
    public static int BurstSize(int fallback = 200) =>
        int.TryParse(Environment.GetEnvironmentVariable("FP_BURST_SIZE"), out var n) && n > 0 ? n : fallback;

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
