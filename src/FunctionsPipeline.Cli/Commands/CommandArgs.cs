using System.Runtime.InteropServices;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>The options shared by publish, serve and demo.</summary>
internal static class CommandArgs
{
    /// <summary>Parses <c>[FILE] [--storage CONNECTION]</c>; prints the problem and returns false on bad arguments.</summary>
    public static bool TryParse(string[] args, out string? storage, out string? file, bool allowFile)
    {
        storage = null;
        file = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--storage" or "-s")
            {
                if (i + 1 >= args.Length)
                {
                    Console.Error.WriteLine("fp: --storage needs a connection string");
                    return false;
                }
                storage = args[++i];
            }
            else if (allowFile && file is null && !args[i].StartsWith('-'))
            {
                file = args[i];
            }
            else
            {
                Console.Error.WriteLine($"fp: unexpected argument '{args[i]}'");
                return false;
            }
        }
        return true;
    }

    /// <summary>The signals that stop a command: Ctrl-C (SIGINT), SIGTERM (docker stop, systemd, timeout) and SIGQUIT.</summary>
    private static readonly PosixSignal[] StopSignals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];

    // Kept for the life of the process: a registration that is collected stops handling its signal.
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>
    /// A token cancelled by Ctrl-C, SIGTERM or SIGQUIT (the process is not killed, so hosts stop cleanly). With
    /// <paramref name="exitAfter"/>, a stop that has not ended the process that long after the signal ends it anyway
    /// (<see cref="Environment.Exit"/>, which still runs the process-exit handlers, e.g. the demo's Azurite is stopped):
    /// what it left half done is finished by the next start.
    /// </summary>
    public static CancellationTokenSource CancelOnCtrlC(TimeSpan? exitAfter = null)
    {
        var cts = new CancellationTokenSource();
        var forced = 0;
        foreach (var signal in StopSignals)
        {
            var registration = PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                try
                {
                    cts.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
                if (exitAfter is { } limit && Interlocked.Exchange(ref forced, 1) == 0)
                {
                    var code = 128 + (context.Signal == PosixSignal.SIGTERM ? 15 : context.Signal == PosixSignal.SIGQUIT ? 3 : 2);
                    _ = Task.Delay(limit).ContinueWith(_ =>
                    {
                        Console.Error.WriteLine($"fp: did not stop within {limit.TotalSeconds:F0} s of the signal; exiting (the next start finishes what was left).");
                        Environment.Exit(code);
                    }, TaskScheduler.Default);
                }
            });
            lock (Registrations) Registrations.Add(registration);
        }
        return cts;
    }

    public static async Task WaitForCancellationAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
