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

    public static Task<int> RunAsync(string[] args) =>
        Task.FromResult(Run(args, Console.Out, Console.Error, (stream, name) => WorkbookReader.Read(stream, name), TimeProvider.System));

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<Stream, string, ParseResult> read, TimeProvider time)
    {
        string? file = null, htmlPath = null;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--html" when i + 1 < args.Length: htmlPath = args[++i]; break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && file is null: file = a; break;
                default:
                    stderr.WriteLine($"fp validate: unexpected argument '{args[i]}'");
                    file = null;
                    i = args.Length;
                    break;
            }
        }
        if (file is null)
        {
            stderr.WriteLine("usage: fp validate FILE [--json] [--html OUT.html]");
            return Unreadable;
        }

        var fileName = Path.GetFileName(file);
        ParseResult parsed;
        try
        {
            using var stream = File.OpenRead(file);
            parsed = read(stream, fileName);
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
