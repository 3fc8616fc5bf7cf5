using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Rendering.Html;
using FunctionsPipeline.Tests.Publishing;

namespace FunctionsPipeline.Tests.Rendering.Html;

public sealed class HtmlReportRendererTests
{
    private static string Render(AnnualReport? report = null) =>
        HtmlReportRenderer.Render(DocumentBuilder.Build(report ?? TestReports.Create()), "../../../../");

    [Fact]
    public void The_page_is_Chinese_with_a_strict_content_security_policy_and_no_script()
    {
        var html = Render();

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;self&#39;", html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"../../../../site.css\">", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html);
    }

    [Fact]
    public void Headings_and_paragraphs_follow_the_document_in_order()
    {
        var html = Render();

        Assert.Contains("<h1>山亭区西集镇人民政府2024年政府信息公开工作年度报告</h1>", html);
        var positions = NationalFormat.SectionHeadings.Select(h => html.IndexOf($"<h2>{h}</h2>", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("<h3>（一）主动公开</h3>", html);
        Assert.Contains("<p class=\"indent\">累计刊发信息1000余条。</p>", html);
    }

    [Fact]
    public void The_three_tables_are_real_tables_in_scrolling_wrappers()
    {
        var html = Render();

        Assert.Equal(3, Regex.Matches(html, "<table").Count);
        Assert.Equal(3, Regex.Matches(html, "<section class=\"table-wrap\" tabindex=\"0\"").Count);
        Assert.Contains("<caption>收到和处理政府信息公开申请情况</caption>", html);
    }

    [Fact]
    public void Table_B_keeps_its_row_and_column_spans_and_header_cells()
    {
        var html = Render();
        var tableB = Regex.Match(html, "<table class=\"wide\">\n<caption>收到和处理.*?</table>", RegexOptions.Singleline).Value;

        Assert.Contains("<thead>", tableB);
        Assert.Contains($"<th scope=\"colgroup\" rowspan=\"3\" colspan=\"3\">{NationalFormat.TableBCorner}</th>", tableB);
        Assert.Contains("<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>", tableB);
        Assert.Contains("<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>", tableB);
        Assert.Contains("<th scope=\"col\" rowspan=\"2\">自然人</th>", tableB);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"22\" class=\"row\">三、本年度办理结果</th>", tableB);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"8\" class=\"row left\">（三）不予公开</th>", tableB);
        Assert.Contains("<th scope=\"row\" colspan=\"3\" class=\"row left\">一、本年新收政府信息公开申请数量</th>", tableB);
        // The newly-received row: 12 natural persons … 16 in total.
        Assert.Matches("一、本年新收政府信息公开申请数量</th><td class=\"num\">12</td><td class=\"num\">3</td><td class=\"num\">1</td>(<td class=\"num\">0</td>){3}<td class=\"num\">16</td></tr>", tableB);
        Assert.Equal(3 + 25, Regex.Matches(tableB, "<tr>").Count);
    }

    [Fact]
    public void Table_C_has_three_header_rows_and_one_row_of_fifteen_figures()
    {
        var html = Render();
        var tableC = Regex.Match(html, "<caption>因政府信息公开工作.*?</table>", RegexOptions.Singleline).Value;

        Assert.Contains("<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>", tableC);
        Assert.Contains("<th scope=\"col\" rowspan=\"2\">结果维持</th>", tableC);
        var body = tableC[tableC.IndexOf("<tbody>", StringComparison.Ordinal)..];
        Assert.Equal(15, Regex.Matches(body, "<td class=\"num\">").Count);
    }

    [Fact]
    public void All_text_is_encoded_so_prose_cannot_become_markup()
    {
        const string attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        var html = Render(TestReports.Create(body: "测试机关" + attack, text: attack));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
    }

    [Fact]
    public void Given_the_files_the_page_lists_the_PDF_and_OFD_with_size_and_SHA_256_before_the_report()
    {
        var document = DocumentBuilder.Build(TestReports.Create());
        var pdf = new byte[243_958];
        var ofd = new byte[500];
        var files = ReportFiles.Of(pdf, ofd);
        var html = HtmlReportRenderer.Render(document, "../../../../", files);

        var list = $"""
            <section aria-label="下载本报告">
            <ul class="files">
            <li><a href="report.pdf">下载PDF版</a>（238.2 KB，243,958 字节）<br><span class="hash">SHA-256：{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf))}</span></li>
            <li><a href="report.ofd">下载OFD版</a>（500 字节）<br><span class="hash">SHA-256：{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ofd))}</span></li>
            </ul>
            </section>
            <article>
            """;
        Assert.Contains(list.ReplaceLineEndings("\n"), html);
        Assert.Equal(html, HtmlReportRenderer.Render(document, "../../../../", ReportFiles.Of(pdf, ofd)));   // deterministic
        Assert.Equal(Render(), html.Replace(files.ToHtml(), "", StringComparison.Ordinal));   // otherwise the page without files
        Assert.DoesNotContain("class=\"files\"", Render());
    }

    [Fact]
    public void A_published_page_adds_its_head_markup_and_its_box_first_in_the_main_content_and_changes_nothing_else()
    {
        var document = DocumentBuilder.Build(TestReports.Create());
        var files = ReportFiles.Of(new byte[10], new byte[20]);
        var draft = HtmlReportRenderer.Render(document, "../../../../", files);
        var header = new PublicationHeader("<meta name=\"x\" content=\"y\">\n", "<aside class=\"box\">索引号</aside>\n");

        var published = HtmlReportRenderer.Render(document, "../../../../", files, header);

        Assert.Contains("<meta name=\"x\" content=\"y\">\n" + HtmlPage.HeadEnd, published);
        Assert.Contains("<main class=\"report\">\n<aside class=\"box\">索引号</aside>\n" + files.ToHtml(), published);
        Assert.Equal(draft, published.Replace(header.HeadHtml, "", StringComparison.Ordinal).Replace(header.BoxHtml, "", StringComparison.Ordinal));
    }

    [Fact]
    public void Encoding_escapes_only_markup_characters_and_keeps_Chinese_readable()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;中文𠀀", HtmlText.Encode("<a href=\"x\">&'中文𠀀"));
        Assert.Equal("", HtmlText.Encode(null));
    }
}
