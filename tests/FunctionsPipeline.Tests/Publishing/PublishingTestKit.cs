using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Rendering;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Shared helpers for the publishing tests against Azurite.</summary>
internal static class PublishingTestKit
{
    /// <summary>17:20 on 29 November 2026 in Beijing.</summary>
    public static readonly DateTimeOffset At = new(2026, 11, 29, 9, 20, 0, TimeSpan.Zero);

    public static SitePublisher Publisher(BlobServiceClient service, string container, TimeProvider? clock = null, IPublishFaults? faults = null) =>
        new(service, Options.Create(new PublishingOptions { ContainerName = container, ArchiveContainer = ArchiveOf(container) }), clock ?? new FixedClock(At),
            logger: null, faults);

    /// <summary>The archive a <see cref="Publisher"/> on <paramref name="container"/> keeps withdrawn files in (its own, so tests never share one).</summary>
    public static string ArchiveOf(string container) => container[..Math.Min(container.Length, 50)] + "-arch";

    public static Task<PublishResult> PublishAsync(this SitePublisher publisher, AnnualReport report, string pdfMarker = "v1") =>
        publisher.PublishAsync(report, Rendered(DocumentBuilder.Build(report), TestReports.FakePdf(pdfMarker), TestReports.FakeOfd(pdfMarker)));

    /// <summary>What the render stage hands the publisher: this PDF and OFD and the document's web page listing them (as the pipeline renders it).</summary>
    public static RenderedReport Rendered(ReportDocument document, byte[] pdf, byte[]? ofd = null)
    {
        ofd ??= TestReports.FakeOfd();
        return new(pdf, HtmlReportRenderer.Render(document, NoticePage.RootHref, ReportFiles.Of(pdf, ofd)), ofd);
    }

    public static async Task<string> TextAsync(this BlobContainerClient container, string path) =>
        (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString();

    /// <summary>
    /// The page without its JSON-LD data blocks (catalogue metadata; never executed). The pattern only matches a block
    /// holding no '&lt;' at all, so markup smuggled into one would still be found by whoever looks for it.
    /// </summary>
    public static string WithoutJsonLd(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, @"<script type=""application/ld\+json"">[^<]*</script>\n?", "");

    /// <summary>The page without the site's own search script tag (fixed name and hash), the one script a page may carry.</summary>
    public static string WithoutSiteScript(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html,
            $"<script src=\"(\\.\\./\\.\\./)?{System.Text.RegularExpressions.Regex.Escape(Core.Publishing.Pages.SearchScript.FileName)}\" integrity=\"{System.Text.RegularExpressions.Regex.Escape(Core.Publishing.Pages.SearchScript.Integrity)}\" defer></script>", "");

    public static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
