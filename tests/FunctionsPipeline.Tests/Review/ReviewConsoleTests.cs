using System.Net;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.ReviewConsole;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Workbook;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FunctionsPipeline.Tests.Review;

/// <summary>
/// The review console as a reviewer uses it, on the loopback server <c>fp serve</c> runs: decisions by clicking in a real
/// Chromium, the history, the page checks, and the refusals (cross-site POST, forged identity headers) that change nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReviewConsoleTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    private const string Upload = "xiji-2024.xlsx";

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

    private async Task<Console> StartAsync()
    {
        var review = await ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync(Upload, WorkbookFactory.From(SampleReports.Seed).ToBytes());
        var server = await LocalConsoleServer.StartAsync(review.Kit.Services.GetRequiredService<ReviewConsoleApp>(), 0, CancellationToken.None);
        return new Console(review, server);
    }

    [Fact]
    public async Task A_reviewer_approves_by_clicking_and_the_record_names_the_unverified_development_identity()
    {
        await using var console = await StartAsync();
        await using var tab = await ChromiumPage.OpenAsync();
        await tab.NavigateAsync(console.Url);
        Assert.Contains("本地开发身份，未经验证", (await tab.EvaluateAsync("document.body.innerText"))!.GetValue<string>(), StringComparison.Ordinal);

        await tab.ClickAsync("a[href^='preview?']");
        await tab.WaitForAsync("document.querySelector('#approved') !== null");
        await tab.ClickAsync("#approved");
        await tab.WaitForAsync("document.title.startsWith('审核决定已执行')");

        var published = Assert.Single((await console.Review.Kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(1, published.Version);
        Assert.Equal(UploadOutcome.Published, (await console.Review.Kit.StatusAsync(Upload))!.Outcome);
        var record = Assert.Single(await console.Review.Audit.HistoryAsync(published.Body, published.Year, CancellationToken.None));
        Assert.Equal(AuditRecord.ApprovedAction, record.Action);
        Assert.Equal((ReviewerIdentity.DevelopmentSource, false), (record.Reviewer.Source, record.Reviewer.Verified));
        Assert.Equal(ApprovalProcessorRequest, record.Request);

        // The history page lists the decision.
        await tab.NavigateAsync(new Uri(console.Url, ConsolePages.HistoryHref(published.Body, published.Year)));
        var history = (await tab.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.Contains("审核通过", history, StringComparison.Ordinal);
        Assert.Contains("第 1 版", history, StringComparison.Ordinal);
    }

    private const string ApprovalProcessorRequest = FunctionsPipeline.Core.Approvals.ApprovalProcessor.ConsoleRequest;

    [Fact]
    public async Task A_reviewer_rejects_by_typing_a_reason_and_clicking()
    {
        await using var console = await StartAsync();
        await using var tab = await ChromiumPage.OpenAsync();
        await tab.NavigateAsync(new Uri(console.Url, ConsolePages.PreviewHref(Upload)));

        await tab.TypeAsync("#reason-rejected", "表三第（四）项数字与附表不一致");
        await tab.ClickAsync("#rejected");
        await tab.WaitForAsync("document.title.startsWith('审核决定已执行')");

        var status = (await console.Review.Kit.StatusAsync(Upload))!;
        Assert.Equal(UploadOutcome.Rejected, status.Outcome);
        Assert.Contains("表三第（四）项数字与附表不一致", status.Message, StringComparison.Ordinal);
        Assert.Empty((await console.Review.Kit.Publisher.GetManifestAsync()).Publications);
        await tab.NavigateAsync(console.Url);
        Assert.Contains("目前没有待审核的报告", (await tab.EvaluateAsync("document.body.innerText"))!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_pages_pass_axe_and_html_validate_and_carry_a_script_free_policy()
    {
        await using var console = await StartAsync();
        var preview = await console.Review.PreviewAsync(Upload);
        await console.Review.Approvals.DecideInConsoleAsync(Upload, Approval.Rejected, "请补充说明", preview.Version,
            new ReviewerIdentity("王审核", "oid-1", "wang@county.gov.cn", true, ReviewerIdentity.EntraSource), CancellationToken.None);
        await console.Review.Kit.DropAndProcessAsync("xiji-2024-修改版.xlsx",
            WorkbookFactory.From(SampleReports.Seed).Set(ReportFields.Overview, "2024年，西集镇人民政府修改了总体情况。").ToBytes());
        var pages = new List<(string, Uri)>
        {
            ("console-queue", console.Url),
            ("console-preview", new Uri(console.Url, ConsolePages.PreviewHref("xiji-2024-修改版.xlsx"))),
            ("console-history", new Uri(console.Url, ConsolePages.HistoryHref(preview.Body, preview.Year))),
        };
        using var http = new HttpClient();
        foreach (var (_, url) in pages)
        {
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("form-action 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("<script", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        var problems = await PageChecks.CheckAsync(pages, Directory.CreateTempSubdirectory("fp-console-checks-").FullName, output.WriteLine);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_cross_site_post_is_refused_recorded_and_changes_nothing()
    {
        await using var console = await StartAsync();
        var preview = await console.Review.PreviewAsync(Upload);
        using var http = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(console.Url, "decide"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["upload"] = Upload, ["decision"] = Approval.Approved, ["version"] = preview.Version }),
        };
        post.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(ReviewCodes.CrossSite, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await console.Review.Kit.Publisher.GetManifestAsync()).Publications);
        Assert.Equal(UploadOutcome.AwaitingApproval, (await console.Review.Kit.StatusAsync(Upload))!.Outcome);
        var refusal = await SingleUnattributedAsync(console.Review);
        Assert.Equal((AuditRecord.RefusedAction, ReviewCodes.CrossSite), (refusal.Action, refusal.Code));
    }

    [Fact]
    public async Task Forged_identity_headers_are_refused_and_a_typed_name_in_the_form_is_ignored()
    {
        await using var console = await StartAsync();
        var preview = await console.Review.PreviewAsync(Upload);
        using var http = new HttpClient();
        HttpRequestMessage Post(bool forged)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, new Uri(console.Url, "decide"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["upload"] = Upload, ["decision"] = Approval.Approved, ["version"] = preview.Version, ["by"] = "局长本人",
                }),
            };
            post.Headers.Add("Origin", console.Url.GetLeftPart(UriPartial.Authority));
            if (forged)
            {
                post.Headers.Add(ReviewerSignIn.PrincipalHeader, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
                    """{"auth_typ":"aad","claims":[{"typ":"oid","val":"x"},{"typ":"name","val":"局长本人"},{"typ":"roles","val":"Reviewer"}]}""")));
            }
            return post;
        }

        using (var forged = await http.SendAsync(Post(forged: true)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Contains(ReviewCodes.IdentityForged, await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Empty((await console.Review.Kit.Publisher.GetManifestAsync()).Publications);
        }
        using var honest = await http.SendAsync(Post(forged: false));

        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
        var record = Assert.Single(await console.Review.Audit.HistoryAsync(preview.Body, preview.Year, CancellationToken.None));
        Assert.Equal("本地审核人", record.Reviewer.DisplayName);
        Assert.DoesNotContain("局长本人", (await console.Review.Kit.StatusAsync(Upload))!.Message, StringComparison.Ordinal);
    }

    private static async Task<AuditRecord> SingleUnattributedAsync(ReviewKit review)
    {
        var names = new List<string>();
        await foreach (var item in review.Containers.Audit.GetBlobsAsync(BlobTraits.None, BlobStates.None, AuditTrail.UnattributedFolder + "/", CancellationToken.None))
        {
            names.Add(item.Name);
        }
        return await review.Audit.ReadAsync(Assert.Single(names), CancellationToken.None);
    }
}
