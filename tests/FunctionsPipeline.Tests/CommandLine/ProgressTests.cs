using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;

namespace FunctionsPipeline.Tests.CommandLine;

/// <summary>Progress of long operations: plain lines when redirected (with counts and the time left), a bar on a terminal.</summary>
public sealed class ProgressTests
{
    /// <summary>A clock whose timestamps move only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        public long Ticks { get; set; } = 1;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    [Fact]
    public void Redirected_it_prints_a_line_when_a_stage_starts_every_few_seconds_and_when_it_ends()
    {
        var clock = new SteppedClock();
        using var output = new StringWriter();
        var progress = new TerminalProgress(output, interactive: false, clock);

        progress.Report(new WorkProgress("bodies", 0, 20_000));
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new WorkProgress("bodies", 1_000, 20_000));        // under the interval: not printed
        clock.Advance(TimeSpan.FromSeconds(4));
        progress.Report(new WorkProgress("bodies", 5_000, 20_000));        // 5 s: printed, with the time left
        progress.Report(new WorkProgress("bodies", 4_999, 20_000));        // late report from another thread: ignored
        clock.Advance(TimeSpan.FromSeconds(15));
        progress.Report(new WorkProgress("bodies", 20_000, 20_000));
        progress.Report(new WorkProgress("catalogues", 0, 3));

        Assert.Equal(
        [
            "  bodies 0/20,000 (0%), 0 s",
            "  bodies 5,000/20,000 (25%), 5 s, about 15 s left",
            "  bodies 20,000/20,000 (100%), 20 s, done",
            "  catalogues 0/3 (0%), 0 s",
        ], output.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void On_a_terminal_it_redraws_one_bar_in_place()
    {
        var clock = new SteppedClock();
        using var output = new StringWriter();
        var progress = new TerminalProgress(output, interactive: true, clock);

        progress.Report(new WorkProgress("bodies", 0, 4));
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Report(new WorkProgress("bodies", 2, 4));
        clock.Advance(TimeSpan.FromSeconds(2));
        progress.Report(new WorkProgress("bodies", 4, 4));

        var text = output.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Contains("[###############---------------] bodies 2/4 (50%), 2 s, about 2 s left", text, StringComparison.Ordinal);
        Assert.EndsWith("[##############################] bodies 4/4 (100%), 4 s, done\u001b[K" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fp_site_rebuild_shows_its_progress_when_its_output_is_redirected()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        string[] storage = ["--storage", azurite.ConnectionString];
        var folder = Directory.CreateTempSubdirectory("fp-rebuild-").FullName;
        foreach (var sample in new[] { "xiji-2024.xlsx", "county-2024.xlsx" })
        {
            var (published, printed) = await FpProcess.RunAsync(folder, ["publish", SampleFiles.PathOf(sample), .. storage]);
            Assert.True(published == 0, printed);
        }

        var (exit, output) = await FpProcess.RunAsync(folder, ["site", "rebuild", .. storage]);

        Assert.True(exit == 0, output);
        Assert.Contains("  bodies 0/2 (0%)", output, StringComparison.Ordinal);
        Assert.Matches(@"  bodies 2/2 \(100%\), \d+ s, done", output);
        Assert.Matches(@"  catalogues 0/\d+ \(0%\)", output);              // the year 2024's and the month's pages
        Assert.Matches(@"  catalogues (\d+)/\1 \(100%\), \d+ s, done", output);
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
    }
}
