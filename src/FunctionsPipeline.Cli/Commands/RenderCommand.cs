using System.Globalization;
using FunctionsPipeline.Core.Document;
using FunctionsPipeline.Core.Rendering.Fonts;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp render FILE -o OUT.pdf [--fonts DIR] [--created ISO-8601]</c>: validates the workbook, then
/// renders the report. An invalid workbook renders nothing (exit 1); bad usage exits 2.
/// <c>--created</c> fixes the PDF's creation time (same workbook + same time → same bytes).
/// </summary>
internal static class RenderCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var input, out var output, out var fonts, out var created))
        {
            Console.Error.WriteLine("usage: fp render FILE -o OUT.pdf [--fonts DIR] [--created 2025-01-20T09:30:00+08:00]");
            return 2;
        }
        if (!File.Exists(input))
        {
            Console.Error.WriteLine($"找不到文件：{input}");
            return 2;
        }

        var now = created ?? TimeProvider.System.GetUtcNow();
        ValidationResult result;
        await using (var content = File.OpenRead(input))
        {
            result = ReportValidator.Validate(WorkbookReader.Read(content, Path.GetFileName(input)), new ValidationContext(now));
        }
        foreach (var finding in result.Errors.Concat(result.Warnings))
        {
            var kind = finding.Severity == Severity.Error ? "错误" : "提醒";
            var at = finding.Location.Length == 0 ? "" : $" {finding.Location}";
            Console.Error.WriteLine($"{kind} {finding.Code}{at}：{finding.Message}");
        }
        if (result.Report is null)
        {
            Console.Error.WriteLine($"{Path.GetFileName(input)} 有 {result.Errors.Count} 处错误，未生成PDF。");
            return 1;
        }

        byte[] pdf;
        try
        {
            pdf = new PdfRenderer(new FontOptions { FontFolder = fonts }).Render(DocumentBuilder.Build(result.Report), now);
        }
        catch (MissingGlyphException e)
        {
            Console.Error.WriteLine($"错误 MISSING_GLYPH：报告中的字符“{e.Character}”（{e.CodePoint}）无法用报告字体显示，请改用常用字符后重新上传。未生成PDF。");
            return 1;
        }
        catch (FontsNotFoundException e)
        {
            Console.Error.WriteLine($"fp render: {e.Message}");
            return 3;
        }

        // Write beside the target, then move: a reader never sees half a PDF.
        var full = Path.GetFullPath(output);
        var temporary = full + ".tmp";
        await File.WriteAllBytesAsync(temporary, pdf);
        File.Move(temporary, full, overwrite: true);
        Console.WriteLine($"{full} ({pdf.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        return 0;
    }

    private static bool TryParse(string[] args, out string input, out string output, out string? fonts, out DateTimeOffset? created)
    {
        (input, output, fonts, created) = ("", "", null, null);
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "-o" or "--output" when hasValue: output = args[++i]; break;
                case "--fonts" when hasValue: fonts = args[++i]; break;
                case "--created" when hasValue:
                    if (!DateTimeOffset.TryParse(args[++i], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return false;
                    created = time;
                    break;
                default:
                    if (args[i].StartsWith('-') || input.Length > 0) return false;
                    input = args[i];
                    break;
            }
        }
        return input.Length > 0 && output.Length > 0;
    }
}
