using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>Writes host logs to a file when FP_TEST_LOG names one (for investigating trigger timing).</summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();

    public static ILoggerProvider? FromEnvironment() =>
        Environment.GetEnvironmentVariable("FP_TEST_LOG") is { Length: > 0 } path ? new FileLoggerProvider(path) : null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    // Azure.Core request logs would drown the trigger's own timeline.
    private static bool Skip(string category) => category.StartsWith("Azure.Core", StringComparison.Ordinal);

    public void Dispose() { }

    private void Write(string line)
    {
        lock (_gate) File.AppendAllText(path, $"{_clock.Elapsed.TotalSeconds,8:F3} {line}{Environment.NewLine}");
    }

    private sealed class Logger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => !Skip(category);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!Skip(category)) owner.Write($"{logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
