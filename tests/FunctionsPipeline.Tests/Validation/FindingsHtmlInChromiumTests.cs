using System.Diagnostics;
using System.Text.RegularExpressions;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Validation;
using static FunctionsPipeline.Tests.Validation.TestWorkbooks;

namespace FunctionsPipeline.Tests.Validation;

/// <summary>Loads the findings page in headless Chromium and checks the DOM the browser actually built.</summary>
public sealed partial class FindingsHtmlInChromiumTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _dir = Directory.CreateTempSubdirectory("fp-findings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Chromium_shows_one_table_row_per_bad_cell_and_no_element_injected_from_cell_values()
    {
        var licensing = ReportFields.TableA(ReportFields.LicensingItem, ReportFields.DecisionsColumn);
        var result = Seed()
            .With(licensing, "<img src=x onerror=alert(1)>")
            .With(ReportFields.TableB(TableBRow.Granted, ApplicantColumn.Commercial), "</td></tr></table><b>x</b>")
            .With(ReportFields.TableB(TableBRow.NewlyReceived, ApplicantColumn.Total), 1.0)
            .Validate(new ValidationContext(new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.FromHours(8))));
        var path = Path.Combine(_dir, "findings.html");
        File.WriteAllText(path, FindingsHtmlReport.Render("<script>alert(1)</script>.xlsx", result, OnTime));

        var dom = DumpDom(path);

        Assert.Contains("<html lang=\"zh-CN\">", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.Ordinal);
        Assert.Equal(2, TableTag().Matches(dom).Count); // errors and warnings, nothing closed early
        Assert.Equal(result.Errors.Count, ErrorRow().Matches(dom).Count);
        Assert.Equal(result.Warnings.Count, WarningRow().Matches(dom).Count);
        Assert.Contains("<td class=\"loc\">二!B7</td>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Chromium_shows_prose_findings_under_their_section_with_the_figure_marked_and_markup_in_the_quote_inert()
    {
        var result = County()
            .With(ReportFields.Overview, "<img src=x onerror=alert(1)>全年新收政府信息公开申请130件。")
            .With(ReportFields.Problems, "无")
            .Validate();
        var path = Path.Combine(_dir, "prose.html");
        File.WriteAllText(path, FindingsHtmlReport.Render("prose.xlsx", result, OnTime));

        var dom = DumpDom(path);

        Assert.DoesNotContain("<img", dom, StringComparison.Ordinal);
        Assert.Equal(result.Errors.Count, ErrorRow().Matches(dom).Count);
        Assert.Equal(2, SectionRow().Matches(dom).Count); // 一 and 五
        Assert.Contains("<mark>130</mark>", dom, StringComparison.Ordinal);
    }

    private static string DumpDom(string path)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     $"--user-data-dir={Path.Combine(Path.GetDirectoryName(path)!, "profile")}", "--dump-dom", new Uri(path).AbsoluteUri })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 60 s");
        }
        return stdout.GetAwaiter().GetResult();
    }

    [GeneratedRegex("<table>")]
    private static partial Regex TableTag();

    [GeneratedRegex("<tr class=\"error\">")]
    private static partial Regex ErrorRow();

    [GeneratedRegex("<tr class=\"section\">")]
    private static partial Regex SectionRow();

    [GeneratedRegex("<tr class=\"warning\">")]
    private static partial Regex WarningRow();
}
