using System.Text.Json;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

public sealed class FindingsOutputTests
{
    private static readonly string Licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);

    private static ValidationResult Invalid() =>
        Seed().With(Licensing, "<b>7</b>")
            .With(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.Total), 1.0)
            .Validate(new ValidationContext(new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.FromHours(8))));

    [Fact]
    public void Json_has_the_documented_shape_with_every_finding_field()
    {
        using var doc = JsonDocument.Parse(FindingsJson.Serialize("a.xlsx", Invalid()));
        var root = doc.RootElement;
        Assert.Equal(["file", "valid", "errors", "warnings"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("a.xlsx", root.GetProperty("file").GetString());
        Assert.False(root.GetProperty("valid").GetBoolean());
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors.Count); // the bad count, R1 and R3 on the changed 总计
        string[] keys = ["code", "severity", "sheet", "cell", "message", "expected", "actual"];
        Assert.All(errors, e => Assert.Equal(keys, e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("COUNT_NOT_A_NUMBER", errors[0].GetProperty("code").GetString());
        Assert.Equal("error", errors[0].GetProperty("severity").GetString());
        Assert.Equal(("二", "B7"), (errors[0].GetProperty("sheet").GetString(), errors[0].GetProperty("cell").GetString()));
        Assert.Equal(JsonValueKind.Null, errors[0].GetProperty("expected").ValueKind);
        Assert.Equal("<b>7</b>", errors[0].GetProperty("actual").GetString());
        var warning = Assert.Single(root.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("PUBLISHED_LATE", "warning"), (warning.GetProperty("code").GetString(), warning.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Json_keeps_chinese_and_arithmetic_readable()
    {
        var json = FindingsJson.Serialize("西集镇.xlsx", Invalid());
        Assert.Contains("\"file\": \"西集镇.xlsx\"", json, StringComparison.Ordinal);
        Assert.Contains("总计应为 0（自然人 0 + 法人或其他组织 0），实际填写 1", json, StringComparison.Ordinal);
        Assert.Contains("（行政许可 / 本年处理决定数量）", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_for_a_valid_workbook_says_valid_with_no_errors()
    {
        using var doc = JsonDocument.Parse(FindingsJson.Serialize("seed.xlsx", Seed().Validate()));
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void Json_for_an_unreadable_file_is_one_error()
    {
        using var doc = JsonDocument.Parse(FindingsJson.Serialize(new FileProblem("FILE_ENCRYPTED", "x.xlsx", "文件已加密")));
        var error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("FILE_ENCRYPTED", error.GetProperty("code").GetString());
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Html_report_is_a_self_contained_chinese_page_listing_the_bad_cells()
    {
        var html = FindingsHtmlReport.Render("西集镇.xlsx", Invalid(), OnTime);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.Contains("发现 3 处错误", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"loc\">二!B7</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"loc\">三!J5</td>", html, StringComparison.Ordinal);
        Assert.Contains("提示（不影响公开，请核实）", html, StringComparison.Ordinal);
        Assert.Contains("西集镇.xlsx", html, StringComparison.Ordinal); // Chinese kept as text, not entities
    }

    [Fact]
    public void Html_report_encodes_markup_from_cells_and_file_names()
    {
        var html = FindingsHtmlReport.Render("<img src=x onerror=alert(1)>.xlsx", Invalid(), OnTime);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>7</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;7&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.xlsx", html, StringComparison.Ordinal);
    }

    private static ValidationResult ProseInvalid() =>
        County().With(ReportFields.Overview, "全年新收政府信息公开申请130件，办结125件。")
            .With(ReportFields.Problems, "无。")
            .With(Licensing, "<b>7</b>")
            .Validate();

    [Fact]
    public void Json_adds_the_prose_quote_only_to_findings_about_the_prose()
    {
        using var doc = JsonDocument.Parse(FindingsJson.Serialize("a.xlsx", ProseInvalid()));
        var errors = doc.RootElement.GetProperty("errors").EnumerateArray().ToList();
        string[] keys = ["code", "severity", "sheet", "cell", "message", "expected", "actual"];
        Assert.Equal(keys, errors.Single(e => e.GetProperty("code").GetString() == "COUNT_NOT_A_NUMBER").EnumerateObject().Select(p => p.Name));
        var figure = errors.Single(e => e.GetProperty("code").GetString() == FindingCodes.ProseFigureMismatch);
        Assert.Equal([.. keys, "prose"], figure.EnumerateObject().Select(p => p.Name));
        var prose = figure.GetProperty("prose");
        Assert.Equal(["section", "quote", "mark", "markStart", "tableCells"], prose.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("130", 12), (prose.GetProperty("mark").GetString(), prose.GetProperty("markStart").GetInt32()));
        Assert.Equal(["三!J5"], prose.GetProperty("tableCells").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void Html_report_groups_prose_findings_under_their_section_and_marks_the_figure()
    {
        var html = FindingsHtmlReport.Render("a.xlsx", ProseInvalid(), OnTime);
        var section1 = html.IndexOf("<tr class=\"section\"><th colspan=\"6\">一、总体情况</th></tr>", StringComparison.Ordinal);
        var section5 = html.IndexOf("<tr class=\"section\"><th colspan=\"6\">五、存在的主要问题及改进情况</th></tr>", StringComparison.Ordinal);
        var cellError = html.IndexOf("<td class=\"loc\">二!B7</td>", StringComparison.Ordinal);
        Assert.True(cellError >= 0 && cellError < section1 && section1 < section5, "cell findings first, then section 一, then 五");
        Assert.Contains("<blockquote>全年新收政府信息公开申请<mark>130</mark>件，办结125件。</blockquote>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"cells\">对应表格单元格：三!J5</div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_report_for_a_valid_workbook_says_it_passed()
    {
        var html = FindingsHtmlReport.Render("seed.xlsx", Seed().Validate(), OnTime);
        Assert.Contains("检查通过", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table>", html, StringComparison.Ordinal);
    }
}
