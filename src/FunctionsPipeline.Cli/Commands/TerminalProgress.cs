using System.Diagnostics;
using System.Globalization;
using FunctionsPipeline.Core.Common;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// Shows a long operation's <see cref="WorkProgress"/> on stderr: on a terminal a bar redrawn in place (at most 10 times a
/// second); when stderr is redirected (a log, CI, a pipe) plain lines — when a stage starts, every
/// <see cref="LineInterval"/>, and when it ends. Each with the counts, the elapsed time and an estimate of the time left.
/// Safe to report from several threads.
/// </summary>
internal sealed class TerminalProgress(TextWriter output, bool interactive, TimeProvider? time = null) : IProgress<WorkProgress>
{
    /// <summary>How often a redirected run prints a line while a stage runs.</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private const int BarWidth = 30;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private string? _stage;
    private long _stageStarted, _lastPrinted;
    private int _lastDone = -1;

    /// <summary>For the console: a bar when stderr is a terminal, lines when it is redirected.</summary>
    public static TerminalProgress ForConsole() => new(Console.Error, interactive: !Console.IsErrorRedirected);

    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (value.Stage != _stage)
            {
                if (_stage is not null && interactive) output.WriteLine();
                (_stage, _stageStarted, _lastPrinted, _lastDone) = (value.Stage, now, 0, -1);
            }
            if (value.Done < _lastDone) return;   // reports from threads can arrive out of order
            var finished = value.Done >= value.Total;
            var since = _lastPrinted == 0 ? TimeSpan.MaxValue : _time.GetElapsedTime(_lastPrinted, now);
            var due = value.Done == 0 || finished || since >= (interactive ? RedrawInterval : LineInterval);
            if (!due || value.Done == _lastDone) return;
            _lastDone = value.Done;
            _lastPrinted = now;
            var line = Line(value, _time.GetElapsedTime(_stageStarted, now));
            if (interactive)
            {
                output.Write($"\r{Bar(value)} {line}\u001b[K");
                if (finished) output.WriteLine();
                if (finished) _stage = null;
            }
            else
            {
                output.WriteLine($"  {line}");
            }
            output.Flush();
        }
    }

    /// <summary>"bodies 1,234/20,000 (6%), 12 s, about 3 min left".</summary>
    internal static string Line(WorkProgress value, TimeSpan elapsed)
    {
        var percent = value.Total == 0 ? 100 : value.Done * 100 / value.Total;
        var text = string.Create(CultureInfo.InvariantCulture, $"{value.Stage} {value.Done:N0}/{value.Total:N0} ({percent}%), {Duration(elapsed)}");
        if (value.Done >= value.Total) return text + ", done";
        if (value.Done == 0 || elapsed < TimeSpan.FromSeconds(1)) return text;
        var left = elapsed * ((double)(value.Total - value.Done) / value.Done);
        return text + $", about {Duration(left)} left";
    }

    private static string Bar(WorkProgress value)
    {
        var filled = value.Total == 0 ? BarWidth : (int)((long)value.Done * BarWidth / value.Total);
        return "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]";
    }

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0} s")
        : span.TotalMinutes < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min");
}
