using System.CommandLine;
using ParseResult = FunctionsPipeline.Core.Workbook.ParseResult;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp validate FILE [--json] [--html OUT.html]</c>: parse and validate a workbook as if it were
/// published now. Exit 0 valid (warnings allowed), 1 invalid, 2 unreadable or unsupported file / usage.
/// </summary>
internal static class ValidateCommand
{
    public const int Valid = 0, Invalid = 1, Unreadable = 2;

    public static Command Create(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "The workbook (.xlsx, .xls, .et)" };
        var json = CommandArgs.Json();
        var html = new Option<string?>("--html") { Description = "Also write the findings as an HTML page", HelpName = "OUT.html" };
        var command = new Command("validate", "Check a workbook against the national format (校验); exit 0 valid, 1 invalid, 2 unreadable") { file, json, html };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(html), cli.Out, cli.Time));
        return command;
    }

    internal static int Run(string file, bool json, string? htmlPath, TextWriter stdout, TimeProvider time)
    {
        var fileName = Path.GetFileName(file);
        ParseResult parsed;
        try
        {
            using var stream = File.OpenRead(file);
            parsed = WorkbookReader.Read(stream, fileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            parsed = ParseResult.Fail("FILE_NOT_FOUND", fileName, $"无法打开文件“{file}”：文件不存在或没有读取权限。");
        }

        var now = time.GetUtcNow();
        var result = ReportValidator.Validate(parsed, new ValidationContext(now));
        if (json) stdout.WriteLine(FindingsJson.Serialize(fileName, result));
        else PrintReadable(stdout, fileName, result);
        if (htmlPath is not null) File.WriteAllText(htmlPath, FindingsHtmlReport.Render(fileName, result, now));

        return parsed.Problem is not null ? Unreadable : result.IsValid ? Valid : Invalid;
    }

    private static void PrintReadable(TextWriter output, string fileName, ValidationResult result)
    {
        output.WriteLine($"文件：{fileName}");
        output.WriteLine(result.IsValid
            ? $"结果：通过{(result.Warnings.Count > 0 ? $"（{result.Warnings.Count} 条提示）" : "")}"
            : $"结果：未通过（{result.Errors.Count} 处错误{(result.Warnings.Count > 0 ? $"，{result.Warnings.Count} 条提示" : "")}），请逐项修改后重新上传");
        Print(output, "错误（必须修改）：", result.Errors);
        Print(output, "提示（不影响公开，请核实）：", result.Warnings);
    }

    private static void Print(TextWriter output, string heading, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0) return;
        output.WriteLine(heading);
        var i = 0;
        foreach (var (section, group) in FindingGroups.BySection(findings))
        {
            if (section is not null) output.WriteLine($"  —— {section} ——");
            foreach (var finding in group)
            {
                output.WriteLine($"  {++i,3}. [{finding.Code}] {finding.Text}");
            }
        }
    }
}
