namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// A clock fixed at a given instant that the test may move (<see cref="Now"/>); it always reports that instant in UTC.
/// Timers still run on the system clock.
/// </summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
