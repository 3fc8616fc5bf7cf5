using System.Text;
using System.Text.Json.Nodes;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;

namespace FunctionsPipeline.Tests.Publishing;

/// <summary>Manifests written before OFD output (entries without the ofd fields) still read, and their notices list only the PDF.</summary>
public sealed class ManifestWithoutOfdTests
{
    [Fact]
    public void An_entry_written_before_OFD_output_reads_back_without_an_OFD_and_its_notice_links_only_the_PDF()
    {
        var withOfd = NoticeTimeZoneTests.Entry(PublishingTestKit.At) with
        {
            Ofd = "reports/x/2024/v1/report.ofd", OfdSha256 = new string('2', 64), OfdBytes = 4321,
        };
        var json = JsonNode.Parse(new SiteManifest(1, PublishingTestKit.At, new ValueList<ManifestEntry>([withOfd])).ToJson())!;
        var written = json["publications"]![0]!.AsObject();
        Assert.Equal(4321, (long)written["ofdBytes"]!);
        // The same manifest as the code before OFD output wrote it: no ofd, ofdSha256 or ofdBytes properties.
        foreach (var field in new[] { "ofd", "ofdSha256", "ofdBytes" }) Assert.True(written.Remove(field), field);

        var entry = Assert.Single(SiteManifest.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString())).Publications);

        Assert.Equal((null, null, (long?)null), (entry.Ofd, entry.OfdSha256, entry.OfdBytes));
        Assert.Equal(withOfd with { Ofd = null, OfdSha256 = null, OfdBytes = null }, entry);
        var notice = NoticePage.Render(new NoticeContent(entry, TestReports.Create(), null, null));
        Assert.Contains("下载PDF版", notice);
        Assert.DoesNotContain("OFD", notice, StringComparison.Ordinal);
        Assert.Contains("下载OFD版", NoticePage.Render(new NoticeContent(withOfd, TestReports.Create(), null, null)));
    }
}
