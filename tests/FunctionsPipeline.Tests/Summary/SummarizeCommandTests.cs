using FunctionsPipeline.Cli.Commands;

namespace FunctionsPipeline.Tests.Summary;

/// <summary><c>fp summarize</c>'s own part: its arguments (exit 2 with the usage line) before anything is read or written.</summary>
public sealed class SummarizeCommandTests
{
    [Theory]
    [InlineData()]
    [InlineData("--year", "2024")]
    [InlineData("-o", "out.xlsx")]
    [InlineData("--year", "二〇二四", "-o", "out.xlsx")]
    [InlineData("--year", "2024", "-o", "out.xlsx", "--regions", "all")]
    public async Task Missing_or_unknown_arguments_are_a_usage_error(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await SummarizeCommand.RunAsync(args, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("usage: fp summarize --year YEAR [--bodies 本级|all|FILTER] -o OUT.xlsx", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
        Assert.False(File.Exists("out.xlsx"));
    }
}
