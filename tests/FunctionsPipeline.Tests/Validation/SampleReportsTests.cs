using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;

namespace FunctionsPipeline.Tests.Validation;

public sealed class SampleReportsTests
{
    private static IEnumerable<ProseSection> Prose(AnnualReport r) => [r.Preface, r.Overview, r.Problems, r.OtherMatters];

    [Fact]
    public void Seed_overview_is_the_intro_and_five_run_in_paragraphs()
    {
        var blocks = SampleReports.Seed.Overview.Blocks;
        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(ProseBlockKind.Paragraph, b.Kind));
        Assert.StartsWith("2024年，西集镇人民政府", blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal(["（一）", "（二）", "（三）", "（四）", "（五）"], blocks.Skip(1).Select(b => b.Text[..3]));
    }

    [Fact]
    public void Seed_problems_and_other_matters_keep_their_sub_headings()
    {
        var seed = SampleReports.Seed;
        Assert.Equal(["（一）2023年度存在问题改进情况。", "（二）2024年度存在的主要问题及下步改进措施。"],
            seed.Problems.Blocks.Where(b => b.Kind == ProseBlockKind.SubHeading).Select(b => b.Text));
        Assert.Equal(4, seed.OtherMatters.Blocks.Count(b => b.Kind == ProseBlockKind.SubHeading));
        Assert.Equal(9, seed.Problems.Blocks.Count);
        Assert.Equal(8, seed.OtherMatters.Blocks.Count);
    }

    [Fact]
    public void Seed_rejoins_paragraphs_the_pdf_extraction_broke_across_pages()
    {
        var text = string.Join("\n", Prose(SampleReports.Seed).Select(p => p.ToText()));
        Assert.Contains("申请流程等关键信息", text, StringComparison.Ordinal);
        Assert.Contains("群众理解费劲", text, StringComparison.Ordinal);
        Assert.Contains("坚决落实“一次性告知”原则，以“数据跑路”取代“群众跑腿”", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_prose_has_no_stray_spaces_between_chinese_and_digits()
    {
        var stray = new Regex(@"[\u4e00-\u9fff，。]\s+[0-9]|[0-9]\s+[\u4e00-\u9fff]");
        foreach (var report in new[] { SampleReports.Seed, SampleReports.County })
        {
            foreach (var block in Prose(report).SelectMany(p => p.Blocks))
            {
                Assert.False(stray.IsMatch(block.Text), block.Text);
            }
        }
    }

    [Fact]
    public void Seed_has_the_published_contact_details_and_zero_tables()
    {
        var seed = SampleReports.Seed;
        Assert.Equal("山亭区西集镇人民政府2024年政府信息公开工作年度报告", seed.Title);
        Assert.Equal(new ContactDetails("山亭区西集镇政府驻地", "277200", "0632-8511104", "http://www.shanting.gov.cn"), seed.Contact);
        Assert.All(seed.Applications.Cells, v => Assert.Equal(0, v));
        Assert.Equal(0m, seed.ActiveDisclosure.FeesTenThousandYuan);
    }

    [Fact]
    public void County_has_non_zero_tables_a_fee_with_decimals_and_sub_headed_prose()
    {
        var county = SampleReports.County;
        Assert.Equal(0.0125m, county.ActiveDisclosure.FeesTenThousandYuan);
        Assert.Equal(128, county.Applications[TableBRow.NewlyReceived, ApplicantColumn.Total]);
        Assert.Equal(125, county.Applications[TableBRow.ResultsTotal, ApplicantColumn.Total]);
        Assert.Equal(7, county.ReviewsAndLitigation.AdministrativeReview.Total);
        foreach (var section in new[] { county.Overview, county.Problems, county.OtherMatters })
        {
            Assert.True(section.Blocks.Count(b => b.Kind == ProseBlockKind.SubHeading) >= 3);
            Assert.True(section.Blocks.Count(b => b.Kind == ProseBlockKind.Paragraph) >= 3);
        }
    }
}
