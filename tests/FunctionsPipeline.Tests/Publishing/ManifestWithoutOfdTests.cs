using System.Text;
using System.Text.Json.Nodes;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;

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

/// <summary>Manifests written before key figures were stored still read; their body page renders without charts.</summary>
public sealed class ManifestWithoutFiguresTests
{
    [Fact]
    public void An_entry_without_figures_reads_back_without_them_and_the_body_page_renders_its_list_only()
    {
        var report = TestReports.Create();
        var withFigures = NoticeTimeZoneTests.Entry(PublishingTestKit.At) with { Figures = KeyFigures.From(report) };
        var json = JsonNode.Parse(new SiteManifest(1, PublishingTestKit.At, new ValueList<ManifestEntry>([withFigures])).ToJson())!;
        var written = json["publications"]![0]!.AsObject();
        Assert.Equal(16, (int)written["figures"]!["newlyReceived"]!);
        Assert.True(written.Remove("figures"));

        var old = SiteManifest.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString()));
        var entry = Assert.Single(old.Publications);
        Assert.Equal(withFigures with { Figures = null }, entry);

        var page = FunctionsPipeline.Core.Publishing.Pages.BodyPage.Render(BodyPageModel.From(old));
        Assert.Contains(NoticePage.Title(entry.Title, entry.Kind), page);
        Assert.DoesNotContain("历年主要数据", page);
        Assert.Contains("历年主要数据", FunctionsPipeline.Core.Publishing.Pages.BodyPage.Render(BodyPageModel.From(old with { Publications = new ValueList<ManifestEntry>([withFigures]) })));
    }

    [Theory]
    [InlineData(10, 15, "较上年增加50.0%")]
    [InlineData(3, 2, "较上年减少33.3%")]
    [InlineData(7, 7, "与上年持平")]
    [InlineData(0, 4, "较上年增加4件（上年为0件）")]
    [InlineData(5, 0, "较上年减少100.0%")]
    public void The_change_against_last_year_reads_as_a_percentage_or_in_pieces_from_zero(int previous, int current, string expected) =>
        Assert.Equal(expected, KeyFigures.Change(previous, current));
}
