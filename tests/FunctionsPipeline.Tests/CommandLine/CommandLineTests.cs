using System.CommandLine;
using System.Text.RegularExpressions;
using FunctionsPipeline.Cli;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.CommandLine;

/// <summary>
/// The command line as System.CommandLine parses it (<see cref="Fp"/>), per command: <c>--help</c> (exit 0, usage printed),
/// bad usage (exit 2, one error style), <c>--version</c>, completions. In process: none of these reaches a command's action.
/// </summary>
public sealed partial class CommandLineTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Fp.InvokeAsync(args, new CliContext(stdout, stderr, TimeProvider.System));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every command and subcommand of fp, as typed after "fp".</summary>
    private static readonly string[] CommandPaths =
    [
        "template", "validate", "render", "publish", "approve", "reject", "withdraw", "serve", "demo",
        "site", "site rebuild", "registry", "registry check", "registry load", "registry grant", "ledger", "summarize", "completion",
    ];

    public static TheoryData<string> Commands() => new(CommandPaths);

    [Fact]
    public void The_list_above_names_every_command_fp_has()
    {
        static IEnumerable<string> Paths(Command command, string prefix) => command.Subcommands.SelectMany(c =>
            Paths(c, prefix + c.Name + " ").Prepend(prefix + c.Name));
        var all = Paths(Fp.Build(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System)), "").Order(StringComparer.Ordinal);
        Assert.Equal(all, CommandPaths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_on_every_command_exits_0_with_its_usage(string command)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (exit, stdout, stderr) = await RunAsync([.. command.Split(' '), flag]);

            Assert.Equal(0, exit);
            Assert.Contains($"Usage:{Environment.NewLine}  fp {command}", stdout, StringComparison.Ordinal);
            Assert.Contains("Description:", stdout, StringComparison.Ordinal);
            Assert.Equal("", stderr);
        }
    }

    [Theory]
    [InlineData("fp template", "template")]                                        // no OUT.xlsx
    [InlineData("fp template", "template", "out.xlsx", "--sample", "city")]        // not a known sample
    [InlineData("fp validate", "validate")]                                        // no FILE
    [InlineData("fp validate", "validate", "a.xlsx", "b.xlsx")]                    // two files
    [InlineData("fp validate", "validate", "--bogus")]                             // an unknown option, not a file
    [InlineData("fp render", "render", "a.xlsx")]                                // no -o
    [InlineData("fp render", "render", "a.xlsx", "-o", "a.pdf", "--created", "yesterday")]
    [InlineData("fp publish", "publish")]
    [InlineData("fp publish", "publish", "a.xlsx", "--storage")]                  // --storage without its value
    [InlineData("fp approve", "approve")]
    [InlineData("fp approve", "approve", "a.xlsx", "--wait", "-1")]
    [InlineData("fp reject", "reject", "a.xlsx")]                                // no --reason
    [InlineData("fp withdraw", "withdraw", "--body", "某机关")]                     // no --year, --reason
    [InlineData("fp withdraw", "withdraw", "--body", "某机关", "--year", "二〇二四", "--reason", "错")]
    [InlineData("fp serve", "serve", "--console-port", "70000")]
    [InlineData("fp serve", "serve", "extra")]
    [InlineData("fp demo", "demo", "--twice")]
    [InlineData("fp site", "site")]                                            // no subcommand
    [InlineData("fp site rebuild", "site", "rebuild", "everything")]
    [InlineData("fp registry", "registry")]
    [InlineData("fp registry check", "registry", "check")]
    [InlineData("fp registry load", "registry", "load")]
    [InlineData("fp registry grant", "registry", "grant", "register.csv", "--emit", "terraform")]
    [InlineData("fp ledger", "ledger")]                                          // no --year
    [InlineData("fp ledger", "ledger", "--year", "last")]
    [InlineData("fp summarize", "summarize")]                                    // no --year, -o
    [InlineData("fp summarize", "summarize", "--year", "2024")]                  // no -o
    [InlineData("fp summarize", "summarize", "-o", "out.xlsx")]                  // no --year
    [InlineData("fp summarize", "summarize", "--year", "二〇二四", "-o", "out.xlsx")]
    [InlineData("fp summarize", "summarize", "--year", "2024", "-o", "out.xlsx", "--regions", "all")]
    [InlineData("fp completion", "completion", "fish")]
    [InlineData("fp", "nosuch")]
    public async Task Bad_usage_exits_2_with_one_error_style(string command, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd().Split(Environment.NewLine);
        Assert.All(lines[..^1], line => Assert.StartsWith(command + ": ", line, StringComparison.Ordinal));
        Assert.Equal($"Try '{command} --help' for usage.", lines[^1]);
    }

    [Fact]
    public async Task Bare_fp_lists_the_commands_on_stderr_and_exits_2()
    {
        var (exit, stdout, stderr) = await RunAsync();

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("validate <FILE>", stderr, StringComparison.Ordinal);
        Assert.Contains("withdraw", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_is_the_informational_version_with_the_commit()
    {
        var (exit, stdout, _) = await RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Equal(Fp.Version, stdout.Trim());
        Assert.Matches(VersionWithCommit(), stdout.Trim());
        // The built fp says the same.
        var (processExit, printed) = await FpProcess.RunAsync(Path.GetTempPath(), ["--version"]);
        Assert.Equal(0, processExit);
        Assert.Equal(Fp.Version, printed.Trim());
    }

    [Fact]
    public async Task Completions_come_from_fp_itself_and_the_scripts_ask_it()
    {
        // As the scripts ask: the whole line and the cursor's position, to the built fp.
        var (exit, registry) = await FpProcess.RunAsync(Path.GetTempPath(), ["[suggest:12]", "fp registry "]);
        Assert.Equal(0, exit);
        Assert.Equal(["check", "grant", "load"], Lines(registry).Where(s => s[0] is not ('-' or '/')).Order(StringComparer.Ordinal));
        var (_, validate) = await FpProcess.RunAsync(Path.GetTempPath(), ["[suggest:4]", "fp v"]);
        Assert.Contains("validate", Lines(validate));

        foreach (var shell in new[] { "bash", "zsh", "pwsh" })
        {
            var (scriptExit, script, _) = await RunAsync("completion", shell);
            Assert.Equal(0, scriptExit);
            Assert.Contains("fp \"[suggest:", script, StringComparison.Ordinal);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+[0-9a-f]{7,40}$")]
    private static partial Regex VersionWithCommit();
}
