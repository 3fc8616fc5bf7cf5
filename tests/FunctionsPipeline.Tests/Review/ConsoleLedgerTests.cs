using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Ledger;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.ReviewConsole;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Tests.Registry;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// The office's 发布情况台账 in the review console (<c>ledger?year=</c>, <c>ledger.csv?year=</c>) on the loopback server:
/// a register of three bodies — one published on time, one awaiting review past its deadline, one never uploaded — on a
/// fixed clock; the page's rows, states and links, the CSV's same rows, the refusals, and the page checks.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ConsoleLedgerTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    // 20 January 2025, 10:00 in Beijing: after 青山镇's 01-15, before the department's 01-31 and the 本级政府's 03-31.
    private static readonly DateTimeOffset January20 = new(2025, 1, 20, 2, 0, 0, TimeSpan.Zero);
    private const string Government = "云岭县人民政府", Town = "云岭县青山镇人民政府";
    private const string CountyUpload = "county-office/2024年报.xlsx", TownUpload = "qingshan-town/2024年报.xlsx";
    private static string County => SampleReports.County.Body;

    private sealed class Console(ReviewKit review, LocalConsoleServer server) : IAsyncDisposable
    {
        public ReviewKit Review { get; } = review;
        public Uri Url => server.Url;

        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            await Review.DisposeAsync();
        }
    }

    private async Task<Console> StartAsync(bool withRegister = true)
    {
        var clock = new FixedClock(January20);
        var review = await ReviewKit.CreateAsync(fixture.ConnectionString, services => services.AddSingleton<TimeProvider>(clock));
        if (withRegister)
        {
            Assert.True((await review.Kit.Services.GetRequiredService<RegisterStore>().LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx")).IsValid);
            Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.DropAndProcessAsync(CountyUpload, WorkbookFactory.From(SampleReports.County).ToBytes())).Outcome);
            Assert.Equal(ApprovalOutcome.Published, (await review.DecideAsync(CountyUpload, Approval.Approved, (await review.PreviewAsync(CountyUpload)).Version)).Outcome);
            var town = SampleReports.County with { Body = Town, CreditCode = RegisterFile.Code("11539999MB1234501") };
            Assert.Equal(UploadOutcome.AwaitingApproval, (await review.Kit.DropAndProcessAsync(TownUpload, WorkbookFactory.From(town).ToBytes())).Outcome);
        }
        var server = await LocalConsoleServer.StartAsync(review.Kit.Services.GetRequiredService<ReviewConsoleApp>(), 0, CancellationToken.None);
        return new Console(review, server);
    }

    /// <summary>The table's rows: the row header (body) and each cell by its data-label, tags stripped; and the row's raw HTML.</summary>
    private static List<(string Body, Dictionary<string, string> Cells, string Html)> Rows(string html)
    {
        var tbody = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
        return [.. RowPattern().Matches(tbody).Select(m => (
            Text(BodyPattern().Match(m.Value).Groups[1].Value),
            CellPattern().Matches(m.Value).ToDictionary(c => c.Groups[1].Value, c => Text(c.Groups[2].Value)),
            m.Value))];
    }

    private static string Text(string html) => WebUtility.HtmlDecode(TagPattern().Replace(html.Replace("<br>", " ", StringComparison.Ordinal), ""));

    [GeneratedRegex("<tr[ >].*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<th scope=\"row\"[^>]*>(.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();

    [GeneratedRegex("<td data-label=\"([^\"]+)\">(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [Fact]
    public async Task The_ledger_page_lists_every_registered_body_most_urgent_first_with_its_state_and_links()
    {
        await using var console = await StartAsync();
        using var http = new HttpClient();
        var ledger = (await console.Review.Kit.Services.GetRequiredService<LedgerStore>().ReadAsync(2024))!;
        var liveUrl = ledger.Rows.Single(r => r.Body == County).Record!.Url!;

        using var response = await http.GetAsync(new Uri(console.Url, ConsolePages.LedgerHref(2024)));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReviewConsoleApp.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1>2024年度报告发布情况台账</h1>", html, StringComparison.Ordinal);
        var counts = Text(html[html.IndexOf("<ul class=\"counts\">", StringComparison.Ordinal)..html.IndexOf("</ul>", StringComparison.Ordinal)]);
        Assert.Contains("名单内机关 3", counts, StringComparison.Ordinal);
        Assert.Contains("按时发布 1", counts, StringComparison.Ordinal);
        Assert.Contains("逾期发布 0", counts, StringComparison.Ordinal);
        Assert.Contains("未发布 2（其中已逾期 1）", counts, StringComparison.Ordinal);
        Assert.Contains("待审核 1", counts, StringComparison.Ordinal);
        Assert.Contains($"href=\"{ConsolePages.LedgerCsvHref(2024)}\"", html, StringComparison.Ordinal);

        var rows = Rows(html);
        Assert.Equal([Town, Government, County], rows.Select(r => r.Body));

        // 青山镇: awaiting review, 5 days past its own 01-15; marked in words, with the preview and the history linked.
        var town = rows[0];
        Assert.StartsWith("<tr class=\"overdue\">", town.Html, StringComparison.Ordinal);
        Assert.Equal("逾期 待审核（已逾期 5 天）", town.Cells["状态"]);
        Assert.Equal(("乡镇（街道）", "qingshan-town", "2025-01-15", "无"), (town.Cells["机关类型"], town.Cells["上传目录"], town.Cells["截止日期"], town.Cells["现行版本"]));
        Assert.Equal(("未登记", "未登记"), (town.Cells["填报人"], town.Cells["审核人"]));
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(ConsolePages.PreviewHref(TownUpload))}\"", town.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(ConsolePages.HistoryHref(Town, 2024))}\"", town.Html, StringComparison.Ordinal);

        // The 本级政府: nothing uploaded, 70 days left before 03-31; no preview to link.
        var government = rows[1];
        Assert.StartsWith("<tr>", government.Html, StringComparison.Ordinal);
        Assert.Equal(("本级政府", "未提交（还有 70 天）", "2025-03-31"), (government.Cells["机关类型"], government.Cells["状态"], government.Cells["截止日期"]));
        Assert.DoesNotContain("preview?", government.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(ConsolePages.HistoryHref(Government, 2024))}\"", government.Html, StringComparison.Ordinal);

        // The department: published on time; its clerk and reviewer from the register; the live version linked to the public page.
        var county = rows[2];
        Assert.Equal(("已发布（按时）", "clerk@yunling.gov.cn", "reviewer@yunling.gov.cn"), (county.Cells["状态"], county.Cells["填报人"], county.Cells["审核人"]));
        Assert.Equal("第 1 版，2025-01-20 发布", county.Cells["现行版本"]);
        Assert.Contains($"<a href=\"{WebUtility.HtmlEncode(liveUrl)}\">第 1 版</a>", county.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("preview?", county.Html, StringComparison.Ordinal);

        // The links lead somewhere: the preview and the history in the console.
        foreach (var href in new[] { ConsolePages.PreviewHref(TownUpload), ConsolePages.HistoryHref(County, 2024) })
        {
            using var linked = await http.GetAsync(new Uri(console.Url, href));
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        }

        // The queue page links to the ledger; without a year the ledger is the last report year's (2024 in January 2025, China time).
        Assert.Contains("href=\"ledger\"", await http.GetStringAsync(console.Url), StringComparison.Ordinal);
        Assert.Contains("<h1>2024年度报告发布情况台账</h1>", await http.GetStringAsync(new Uri(console.Url, "ledger")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_has_the_same_rows_as_the_page_in_utf8_with_a_bom()
    {
        await using var console = await StartAsync();
        using var http = new HttpClient();
        var pageRows = Rows(await http.GetStringAsync(new Uri(console.Url, ConsolePages.LedgerHref(2024))));

        using var response = await http.GetAsync(new Uri(console.Url, ConsolePages.LedgerCsvHref(2024)));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', LedgerCsv.Headers), lines[0]);
        var csv = lines[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(pageRows.Select(r => r.Body), csv.Select(c => c[0]));
        for (var i = 0; i < csv.Count; i++)
        {
            var (page, row) = (pageRows[i].Cells, csv[i]);
            // The page says 未登记 where the register names no one; the CSV leaves the cell empty.
            string Person(string shown) => shown == "未登记" ? "" : shown;
            Assert.Equal((page["机关类型"], page["上传目录"], Person(page["填报人"]), Person(page["审核人"]), page["截止日期"]), (row[1], row[2], row[3], row[4], row[5]));
            // The page marks an overdue row with a leading 逾期; the CSV has the state alone (and the days in their own column).
            var state = page["状态"];
            Assert.Equal(state.StartsWith("逾期 ", StringComparison.Ordinal) ? state["逾期 ".Length..] : state, row[6]);
        }
        Assert.Equal(("5", "", TownUpload), (csv[0][7], csv[0][8], csv[0][13]));
        Assert.Equal(("0", "70", ""), (csv[1][7], csv[1][8], csv[1][13]));
        Assert.Equal(("1", "2025-01-20", "2025-01-20"), (csv[2][9], csv[2][10], csv[2][11]));
        Assert.StartsWith("http", csv[2][12], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_register_the_page_says_how_to_load_one()
    {
        await using var console = await StartAsync(withRegister: false);
        using var http = new HttpClient();

        foreach (var path in new[] { ConsolePages.LedgerHref(2024), ConsolePages.LedgerCsvHref(2024) })
        {
            using var response = await http.GetAsync(new Uri(console.Url, path));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("尚未载入编制主体名单", html, StringComparison.Ordinal);
            Assert.Contains("fp registry load", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_sign_in_or_with_a_forged_header_the_ledger_and_its_csv_are_refused()
    {
        await using var console = await StartAsync();
        using var http = new HttpClient();
        foreach (var path in new[] { ConsolePages.LedgerHref(2024), ConsolePages.LedgerCsvHref(2024) })
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(console.Url, path));
            get.Headers.Add(ReviewerSignIn.PrincipalHeader, Convert.ToBase64String(Encoding.UTF8.GetBytes(
                """{"auth_typ":"aad","claims":[{"typ":"oid","val":"x"},{"typ":"name","val":"局长本人"},{"typ":"roles","val":"Reviewer"}]}""")));
            using var forged = await http.SendAsync(get);
            var text = await forged.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Contains(ReviewCodes.IdentityForged, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Town, text, StringComparison.Ordinal);

            // Not signed in: the development identity is for loopback requests only.
            var app = console.Review.Kit.Services.GetRequiredService<ReviewConsoleApp>();
            var query = new Dictionary<string, string> { ["year"] = "2024" };
            var anonymous = await app.HandleAsync(new ConsoleRequest("GET", path.Split('?')[0], "/console/", "http://example.gov.cn", query,
                new Dictionary<string, string>(), new Dictionary<string, string>(), FromLoopback: false), CancellationToken.None);
            Assert.Equal(401, anonymous.Status);
            Assert.StartsWith("text/html", anonymous.ContentType, StringComparison.Ordinal);
            Assert.Contains(ReviewCodes.IdentityMissing, Encoding.UTF8.GetString(anonymous.Body), StringComparison.Ordinal);
            Assert.DoesNotContain(Town, Encoding.UTF8.GetString(anonymous.Body), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_ledger_and_queue_pages_pass_axe_and_html_validate_at_both_widths()
    {
        await using var console = await StartAsync();
        var pages = new List<(string, Uri)>
        {
            ("console-ledger", new Uri(console.Url, ConsolePages.LedgerHref(2024))),
            ("console-queue-ledger-link", console.Url),
        };

        var problems = await PageChecks.CheckAsync(pages, Directory.CreateTempSubdirectory("fp-console-ledger-").FullName, output.WriteLine);

        Assert.Empty(problems);
    }
}
