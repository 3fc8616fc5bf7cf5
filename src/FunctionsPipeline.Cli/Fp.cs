using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using FunctionsPipeline.Cli.Commands;

namespace FunctionsPipeline.Cli;

/// <summary>Where a command writes and what time it is: the console and the clock, or a test's writers and fixed clock.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Time)
{
    public static CliContext Console => new(System.Console.Out, System.Console.Error, TimeProvider.System);
}

/// <summary>
/// The <c>fp</c> command line (System.CommandLine): every command and its options, <c>--help</c>/<c>-h</c> on each,
/// <c>--version</c>, completions (<c>fp completion bash</c>), one error style. Exit codes: 0 ok, 1 invalid input,
/// 2 bad usage or unreadable file, 3 failed (storage unavailable, fonts missing), 130 stopped.
/// Adding a command: docs/cli.md.
/// </summary>
internal static class Fp
{
    public const int Ok = 0, Invalid = 1, Usage = 2, Failed = 3;

    /// <summary>The whole command tree, writing to <paramref name="cli"/>.</summary>
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("fp — the annual-report (政府信息公开工作年度报告) pipeline on the command line.")
        {
            TemplateCommand.Create(cli),
            ValidateCommand.Create(cli),
            RenderCommand.Create(cli),
            PublishCommand.Create(cli),
            ApproveCommand.Create(cli, approve: true),
            ApproveCommand.Create(cli, approve: false),
            WithdrawCommand.Create(cli),
            ServeCommand.Create(cli),
            DemoCommand.Create(cli),
            SiteCommand.Create(cli),
            RegistryCommand.Create(cli),
            LedgerCommand.Create(cli),
            SummarizeCommand.Create(cli),
            CompletionCommand.Create(cli),
        };
        root.HelpName = "fp";
        RejectOptionsAsArguments(root);
        // fp's own version, whoever hosts the assembly (a test host too).
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion(cli);
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command they name; bad usage prints the problem and exits 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext? context = null)
    {
        var cli = context ?? CliContext.Console;
        var root = Build(cli);
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            var command = parsed.CommandResult.Command;
            var name = CommandPath(command);
            if (command is RootCommand && args.Length == 0)
            {
                // Bare `fp`: the list of commands, on stderr, and exit 2.
                await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = cli.Error, Error = cli.Error });
                return Usage;
            }
            // `fp nosuch`: say what was not recognized, not also that no command was given.
            var errors = command.Action is null && parsed.Errors.Count > 1 ? parsed.Errors.Skip(1) : parsed.Errors;
            foreach (var error in errors)
            {
                // One line per problem ("Must be one of: 'bicep' 'cli'"), each starting with the command.
                cli.Error.WriteLine($"{name}: {string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
            }
            cli.Error.WriteLine($"Try '{name} --help' for usage.");
            return Usage;
        }
        // The commands stop on Ctrl-C/SIGTERM themselves (CommandArgs.CancelOnCtrlC), exceptions surface as they always did.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = cli.Out,
            Error = cli.Error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>
    /// An unknown option where an argument goes (<c>fp validate --bogus</c>) is bad usage, not a file named "--bogus"
    /// (one that is can be given as ./--bogus).
    /// </summary>
    private static void RejectOptionsAsArguments(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens.Where(t => t.Value.StartsWith("--", StringComparison.Ordinal)))
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            });
        }
        foreach (var sub in command.Subcommands) RejectOptionsAsArguments(sub);
    }

    /// <summary>"fp registry load" for that command.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(s is RootCommand ? "fp" : c.Name);
            if (s is RootCommand) break;
        }
        if (names[^1] != "fp") names.Add("fp");
        names.Reverse();
        return string.Join(' ', names);
    }

    private sealed class PrintVersion(CliContext cli) : SynchronousCommandLineAction
    {
        public override int Invoke(System.CommandLine.ParseResult parseResult)
        {
            cli.Out.WriteLine(Version);
            return Ok;
        }
    }

    /// <summary>The informational version (with the commit it was built from: 1.0.0+abc123…).</summary>
    public static string Version =>
        typeof(Fp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
