using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Tests.Support;
using FunctionsPipeline.Tests.Validation;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>
/// Every kind of public page, checked as the issue asks: axe-core (serious and critical) in a real Chromium and
/// html-validate (recommended rules) on the stored files, both from node_modules. Screenshots of each kind at
/// 1280 and 390 px go to FP_SCREENSHOTS (or a temp folder) for a person to look at.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SitePageChecksTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_kind_passes_axe_and_html_validate()
    {
        var name = AzuriteFixture.UniqueName("checks");
        SitePublisher Site(DateTimeOffset at) => new(fixture.BlobService, Options.Create(new PublishingOptions { ContainerName = name }), new FixedClock(at), logger: null);
        var seed = await Site(At).PublishAsync(SampleReports.Seed);
        await Site(At.AddHours(1)).PublishAsync(SampleReports.County);
        var table = SampleReports.Seed.Applications;
        var corrected = SampleReports.Seed with
        {
            Applications = TableB.Create((r, c) => (r, c) == (TableBRow.Granted, ApplicantColumn.NaturalPerson) ? table[r, c] + 1 : table[r, c]),
        };
        var correction = await Site(At.AddDays(1)).PublishAsync(corrected, "v2");
        var container = Site(At).Container;
        var root = container.Uri.AbsoluteUri + "/";
        var page = SiteLayout.PageName(SiteLayout.PageOf(seed.Slug, new PublishingOptions().CataloguePageCount));

        var folder = Directory.CreateTempSubdirectory("fp-page-checks-").FullName;
        var findings = Path.Combine(folder, "findings.html");
        var invalid = TestWorkbooks.County().With(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.Total), 1.0)
            .With(ReportFields.Overview, "全年新收政府信息公开申请130件。").Validate();
        await File.WriteAllTextAsync(findings, FindingsHtmlReport.Render("某某局2024年报.xlsx", invalid, TestWorkbooks.OnTime));

        var kinds = new (string Kind, Uri Url)[]
        {
            ("index", new Uri(root + "index.html")),
            ("body", new Uri(root + SiteSlug.UrlPath(SiteLayout.BodyPage(seed.Slug)))),
            ("year-index", new Uri(root + CatalogueKey.Year(2024).Index)),
            ("year-page", new Uri(root + CatalogueKey.Year(2024).Page(SiteLayout.PageOf(seed.Slug, new PublishingOptions().CataloguePageCount)))),
            ("month-index", new Uri(root + CatalogueKey.Month("2026-11").Index)),
            ("month-page", new Uri(root + CatalogueKey.Month("2026-11").Page(SiteLayout.PageOf(seed.Slug, new PublishingOptions().CataloguePageCount)))),
            ("notice", new Uri(root + SiteSlug.UrlPath(seed.Paths.Notice))),
            ("correction", new Uri(root + SiteSlug.UrlPath(correction.Paths.Notice))),
            ("report", new Uri(root + SiteSlug.UrlPath(seed.Paths.Html))),
            ("findings", new Uri(findings)),
        };
        // Every page checked exists: axe and html-validate would find nothing wrong with a 404 page either.
        Assert.All(kinds.Where(k => !k.Url.IsFile), k => Assert.True(container.GetBlobClient(Uri.UnescapeDataString(k.Url.AbsoluteUri[root.Length..])).Exists().Value, $"{k.Kind}: {k.Url} does not exist"));
        Assert.EndsWith($"/{page}.html", kinds.Single(k => k.Kind == "year-page").Url.AbsolutePath, StringComparison.Ordinal);

        var problems = await CheckAsync(kinds, folder);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Withdrawal_and_review_pages_pass_axe_and_html_validate()
    {
        var folder = Directory.CreateTempSubdirectory("fp-page-checks-").FullName;
        await using var withdrawal = Withdrawal.WithdrawalKit.Create(fixture.ConnectionString);
        var seed = await withdrawal.PublishAsync(SampleReports.Seed, At);
        await withdrawal.PublishAsync(SampleReports.County, At.AddHours(1));
        var withdrawn = await withdrawal.WithdrawAsync("撤回.json", Withdrawal.WithdrawalKit.Json(SampleReports.Seed.Body, SampleReports.Seed.Year), At.AddDays(1));
        Assert.Equal(Core.Withdrawals.WithdrawalOutcome.Withdrawn, withdrawn.Outcome);
        var root = withdrawal.Web.Uri.AbsoluteUri + "/";

        // The review gate's preview (private container): downloaded as a reviewer would, opened from disk.
        await using var review = await Review.ReviewKit.CreateAsync(fixture.ConnectionString);
        await review.Kit.DropAndProcessAsync("西集镇-2024.xlsx", Workbook.WorkbookFactory.From(SampleReports.Seed).ToBytes());
        var previews = Path.Combine(folder, "preview");
        await foreach (var blob in review.Containers.Previews.GetBlobsAsync())
        {
            var path = Path.Combine(previews, blob.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await review.Containers.Previews.GetBlobClient(blob.Name).DownloadToAsync(path);
        }
        var preview = await review.PreviewAsync("西集镇-2024.xlsx");
        string Local(string kind) => Directory.GetFiles(previews, "*.html", SearchOption.AllDirectories)
            .Single(f => f.EndsWith("/" + Path.GetFileName(preview.File(kind)!.Path), StringComparison.Ordinal));

        var kinds = new (string Kind, Uri Url)[]
        {
            ("withdrawal-notice", new Uri(withdrawn.Links.Single(l => l.Kind == "withdrawal-notice").Url)),
            ("withdrawn-notice", new Uri(root + SiteSlug.UrlPath(seed.Paths.Notice))),
            ("withdrawn-body", new Uri(root + SiteSlug.UrlPath(SiteLayout.BodyPage(seed.Slug)))),
            ("withdrawn-index", new Uri(root + "index.html")),
            ("preview-index", new Uri(Directory.GetFiles(previews, "index.html", SearchOption.AllDirectories).Single())),
            ("preview-notice", new Uri(Local("notice"))),
            ("preview-warnings", new Uri(Local("warnings"))),
        };

        var problems = await CheckAsync(kinds, folder);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_split_catalogue_page_and_its_halves_pass_axe_and_html_validate()
    {
        var name = AzuriteFixture.UniqueName("checksplit");
        SitePublisher Site(DateTimeOffset at) => new(fixture.BlobService,
            Options.Create(new PublishingOptions { ContainerName = name, CataloguePageCount = 1, CataloguePageRows = 4 }), new FixedClock(at), logger: null);
        for (var i = 0; i < 6; i++)
            await Site(At.AddMinutes(i)).PublishAsync(TestReports.Create(body: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"测试市第{i:D3}街道办事处")));
        var container = Site(At).Container;
        var root = container.Uri.AbsoluteUri + "/";
        var year = CatalogueKey.Year(2024);
        var pages = System.Text.Json.JsonSerializer.Deserialize<PageSet>((await container.GetBlobClient(year.PagesRecord).DownloadContentAsync()).Value.Content.ToMemory().Span,
            ListingJson.Options)!;
        Assert.DoesNotContain("p001", pages.Pages);

        var kinds = new (string Kind, Uri Url)[]
        {
            ("split-page", new Uri(root + year.Page("p001"))),
            ("half-page", new Uri(root + year.Page(pages.Pages[0]))),
            ("split-year-index", new Uri(root + year.Index)),
        };
        var problems = await CheckAsync(kinds, Directory.CreateTempSubdirectory("fp-page-checks-").FullName);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_publication_status_page_and_the_pages_linking_it_pass_axe_and_html_validate()
    {
        // A register (Registry/), one body published in its folder: the ledger writes 年度报告发布情况 through SitePublisher.
        var (kit, status) = await Registry.PublicationStatusPageTests.PublishOneOfThreeAsync(fixture.ConnectionString);
        await using var _ = kit;
        var root = kit.Web.Uri.AbsoluteUri + "/";
        var kinds = new (string Kind, Uri Url)[]
        {
            ("status", new Uri(root + PublicationStatusPage.PathOf(2024))),
            ("status-index", new Uri(root + "index.html")),
            ("status-year-index", new Uri(root + CatalogueKey.Year(2024).Index)),
        };
        Assert.All(kinds, k => Assert.True(kit.Web.GetBlobClient(k.Url.AbsoluteUri[root.Length..]).Exists().Value, $"{k.Kind}: {k.Url} does not exist"));

        var problems = await CheckAsync(kinds, Directory.CreateTempSubdirectory("fp-page-checks-").FullName);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_known_bad_page_is_flagged_by_axe_and_another_by_html_validate()
    {
        var folder = Directory.CreateTempSubdirectory("fp-page-checks-").FullName;
        static string Page(string head, string body) =>
            $"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>检查</title>\n{head}</head>\n<body>\n<main>\n<h1>检查</h1>\n{body}</main>\n</body>\n</html>\n";
        // Well-formed, but its text is #ddd on white (contrast 1.4:1): axe's serious color-contrast, nothing html-validate looks at.
        var axeBad = Path.Combine(folder, "axe-bad-page.html");
        await File.WriteAllTextAsync(axeBad, Page("<style>p { color: #ddd; background: #fff; }</style>\n", "<p>浅色的文字几乎看不见。</p>\n"));
        // Readable, but its elements close out of order: the browser repairs the DOM axe sees; html-validate reads the file.
        var htmlBad = Path.Combine(folder, "html-bad-page.html");
        await File.WriteAllTextAsync(htmlBad, Page("", "<p>标记<strong>交错</p></strong>\n"));

        var problems = await CheckAsync([("axe-bad", new Uri(axeBad)), ("html-bad", new Uri(htmlBad))], folder);

        output.WriteLine(string.Join("\n", problems));
        Assert.Contains(problems, p => p.StartsWith("axe axe-bad: serious color-contrast", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("axe html-bad", StringComparison.Ordinal));
        var htmlValidate = Assert.Single(problems, p => p.StartsWith("html-validate:", StringComparison.Ordinal));
        Assert.Contains("html-bad-page.html", htmlValidate, StringComparison.Ordinal);
        Assert.DoesNotContain("axe-bad-page.html", htmlValidate, StringComparison.Ordinal);
    }

    /// <summary>axe-core in Chromium at 1280 px, the page's width at 390 px, screenshots at both, html-validate on the files as stored.</summary>
    private Task<List<string>> CheckAsync(IReadOnlyList<(string Kind, Uri Url)> kinds, string folder) => PageChecks.CheckAsync(kinds, folder, output.WriteLine);
}
