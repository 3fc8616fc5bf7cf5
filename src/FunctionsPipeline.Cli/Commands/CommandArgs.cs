using System.CommandLine;
using System.Runtime.InteropServices;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>The options several commands share, and how a command stops on a signal.</summary>
internal static class CommandArgs
{
    /// <summary><c>--storage/-s CONNECTION</c>: the storage account (default <c>UseDevelopmentStorage=true</c>, i.e. Azurite).</summary>
    public static Option<string?> Storage() => new("--storage", "-s")
    {
        Description = "Storage connection string (default: UseDevelopmentStorage=true, the local Azurite)",
        HelpName = "CONNECTION",
    };

    /// <summary><c>--json</c>: the findings as JSON on stdout.</summary>
    public static Option<bool> Json(string what = "Print the findings as JSON") => new("--json") { Description = what };

    /// <summary><c>--by WHO</c>: who decides (default: the user's login name).</summary>
    public static Option<string?> By() => new("--by") { Description = "Who decides (default: your login name)", HelpName = "WHO" };

    /// <summary><c>--wait SECONDS</c>: how long to wait for a running host before processing here.</summary>
    public static Option<int> Wait(int seconds) => NonNegative(new Option<int>("--wait")
    {
        Description = $"Seconds to wait for a running host (fp serve, the Functions app) before processing it here (default {seconds}; 0 = at once)",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => seconds,
    });

    /// <summary>Rejects a negative number as bad usage.</summary>
    public static Option<int> NonNegative(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError($"{option.Name} must be 0 or more.");
        });
        return option;
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
