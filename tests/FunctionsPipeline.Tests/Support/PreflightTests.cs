using System.Diagnostics;

namespace FunctionsPipeline.Tests.Support;

/// <summary>The Preflight runner itself: a run that outlives its timeout is killed, not left behind.</summary>
public sealed class PreflightTests
{
    [Fact]
    public async Task A_run_past_its_timeout_is_killed_and_reported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fp-preflight-timeout-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4\n%%EOF\n");
        var pid = 0;
        try
        {
            // No JVM starts, let alone validates, in 10 ms.
            var error = await Assert.ThrowsAsync<TimeoutException>(() => Preflight.ValidateFileAsync(file, TimeSpan.FromMilliseconds(10), id => pid = id));

            Assert.NotEqual(0, pid);
            Assert.Contains($"pid {pid}", error.Message, StringComparison.Ordinal);
            Assert.False(IsRunning(pid), $"java (pid {pid}) is still running after the timeout");
        }
        finally
        {
            if (pid != 0 && IsRunning(pid))
            {
                using var left = Process.GetProcessById(pid);
                left.Kill(entireProcessTree: true);
            }
            File.Delete(file);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
