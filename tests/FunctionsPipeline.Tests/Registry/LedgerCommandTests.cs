using System.Text.Json;
using FunctionsPipeline.Cli;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Registry;

namespace FunctionsPipeline.Tests.Registry;

/// <summary><c>fp ledger</c>'s text and JSON, from a ledger view: every registered body, most urgent first, the ones that left last.</summary>
public sealed class LedgerCommandTests
{
    private static readonly DateTimeOffset February3 = new(2025, 2, 3, 2, 0, 0, TimeSpan.Zero);

    private static LedgerView View()
    {
        var register = RegisterParser.Parse(RegisterFile.Sample().ToXlsx(), "名单.xlsx", February3).Register!;
        var published = new LedgerRecord("云岭县人民政府办公室", 2024, LedgerState.Published, February3, "county-office/a.xlsx")
        {
            Version = 2, Url = "https://site/v2.html", FirstPublishedAt = new DateTimeOffset(2025, 1, 30, 2, 0, 0, TimeSpan.Zero), PublishedAt = February3,
        };
        var left = new LedgerRecord("云岭县已撤并机关", 2024, LedgerState.Published, February3, "old/a.xlsx") { Version = 1, FirstPublishedAt = February3 };
        return LedgerView.Of(register, Deadlines.Statutory, 2024, [published, left], February3);
    }

    [Fact]
    public void The_json_lists_each_body_with_its_state_deadline_lateness_and_page()
    {
        var json = JsonDocument.Parse(LedgerCommand.Json(View())).RootElement;

        Assert.Equal((3, 1, 0, 2), (json.GetProperty("registered").GetInt32(), json.GetProperty("publishedOnTime").GetInt32(),
            json.GetProperty("publishedLate").GetInt32(), json.GetProperty("notPublished").GetInt32()));
        var bodies = json.GetProperty("bodies").EnumerateArray().ToList();
        Assert.Equal(["云岭县青山镇人民政府", "云岭县人民政府", "云岭县人民政府办公室", "云岭县已撤并机关"], bodies.Select(b => b.GetProperty("body").GetString()));
        Assert.Equal(("not-submitted", 19, "2025-01-15"), (bodies[0].GetProperty("state").GetString(), bodies[0].GetProperty("daysLate").GetInt32(), bodies[0].GetProperty("deadline").GetString()));
        Assert.Equal(("published", "已发布（按时）", 2, "https://site/v2.html", "2025-01-30"),
            (bodies[2].GetProperty("state").GetString(), bodies[2].GetProperty("label").GetString(), bodies[2].GetProperty("version").GetInt32(),
                bodies[2].GetProperty("url").GetString(), bodies[2].GetProperty("publishedOn").GetString()));
        Assert.True(bodies[3].GetProperty("leftRegister").GetBoolean());
    }

    [Fact]
    public void The_text_says_the_counts_and_one_line_per_body()
    {
        var text = LedgerCommand.Text(View()).Split('\n');

        Assert.Equal("2024 年度报告发布情况（截至 2025-02-03）：名单内 3 个机关，按时发布 1，逾期发布 0，未发布 2。", text[0]);
        Assert.StartsWith("  未提交（已逾期 19 天）  云岭县青山镇人民政府  [qingshan-town，乡镇（街道），截止 2025-01-15]", text[1], StringComparison.Ordinal);
        Assert.Equal("  已发布（按时）（已移出名单）  云岭县已撤并机关  发布于 2025-02-03  第 1 版", text[4]);
    }

    [Fact]
    public async Task Without_a_year_it_prints_the_usage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(2, await Fp.InvokeAsync(["ledger"], new CliContext(stdout, stderr, TimeProvider.System)));
        Assert.Contains("fp ledger: Option '--year' is required.", stderr.ToString(), StringComparison.Ordinal);
    }
}
