using System.Security.Cryptography;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Tests.Support;
using UglyToad.PdfPig;
using static FunctionsPipeline.Tests.Publishing.PublishingTestKit;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>The sample reports published with the real PDF renderer, read back as a reader would get them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishedSampleTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task The_published_PDF_is_the_rendered_report_and_matches_the_size_and_hash_in_the_notice()
    {
        var report = SampleReports.County;
        var document = DocumentBuilder.Build(report);
        var pdf = new PdfRenderer().Render(document, At);
        var publisher = Publisher(fixture.BlobService, AzuriteFixture.UniqueName("sample"));

        var result = await publisher.PublishAsync(report, Rendered(document, pdf));

        using var http = new HttpClient();
        var served = await http.GetByteArrayAsync(result.Urls.Pdf);
        Assert.Equal(pdf, served);
        using (var read = PdfDocument.Open(served))
        {
            Assert.Equal(report.Title, read.Information.Title);
            Assert.True(read.NumberOfPages >= 2);
        }
        var notice = await http.GetStringAsync(result.Urls.Notice);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(served)), notice);
        Assert.Contains($"{served.Length:N0} 字节", notice);
    }

    [Fact]
    public async Task The_seed_report_without_applications_says_so_in_its_notice()
    {
        var report = SampleReports.Seed;
        var publisher = Publisher(fixture.BlobService, AzuriteFixture.UniqueName("seed"));

        var result = await publisher.PublishAsync(report, Rendered(DocumentBuilder.Build(report), TestReports.FakePdf()));

        var notice = await publisher.Container.TextAsync(result.Paths.Notice);
        Assert.Contains("本年度未收到政府信息公开申请，也无上年结转的申请。", notice);
        Assert.Contains("本年新收政府信息公开申请（共0件）", notice);
        var html = await publisher.Container.TextAsync(result.Paths.Html);
        Assert.Contains("（一）主动公开方面。今年以来，西集镇对标工作要求", html);
    }
}
