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

    /// <summary>A token cancelled by Ctrl-C (the process is not killed, so hosts stop cleanly).</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            try { cts.Cancel(); } catch (ObjectDisposedException) { }
        };
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
