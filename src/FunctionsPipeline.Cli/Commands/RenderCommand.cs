using System.CommandLine;
using ParseResult = FunctionsPipeline.Core.Workbook.ParseResult;
using System.Globalization;
using FunctionsPipeline.Core.Rendering.Ofd;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp render FILE -o OUT.pdf|OUT.ofd [--fonts DIR] [--created ISO-8601]</c>: validates the workbook, then
/// renders the report (an OFD package when OUT ends in .ofd). An invalid workbook renders nothing (exit 1); bad usage exits 2.
/// <c>--created</c> fixes the PDF's creation time (same workbook + same time → same bytes).
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext cli)
    {
        var file = new Argument<string>("FILE") { Description = "The workbook (.xlsx, .xls, .et)" };
        var output = new Option<string>("--output", "-o") { Description = "The PDF to write (an OFD package when it ends in .ofd)", HelpName = "OUT.pdf|OUT.ofd", Required = true };
        var fonts = new Option<string?>("--fonts") { Description = "Folder with the Noto SC fonts (default: beside fp, then the system's)", HelpName = "DIR" };
        var created = new Option<DateTimeOffset?>("--created")
        {
            Description = "The document's creation time (same workbook + same time → same bytes)",
            HelpName = "2025-01-20T09:30:00+08:00",
        };
        var command = new Command("render", "Validate, then render the report (生成报告) to PDF or OFD; exit 1 invalid, 2 usage") { file, output, fonts, created };
        command.SetAction(parse => RunAsync(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(fonts), parse.GetValue(created), cli.Out, cli.Error));
        return command;
    }

    internal static async Task<int> RunAsync(string input, string output, string? fonts, DateTimeOffset? created, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(input))
        {
            stderr.WriteLine($"找不到文件：{input}");
            return 2;
        }

        var now = created ?? TimeProvider.System.GetUtcNow();
        var isOfd = output.EndsWith(".ofd", StringComparison.OrdinalIgnoreCase);   // OFD (GB/T 33190) by the extension
        var kind = isOfd ? "OFD" : "PDF";
        ParseResult parsed;
        await using (var content = File.OpenRead(input))
        {
            parsed = WorkbookReader.Read(content, Path.GetFileName(input));
        }
        var result = ReportValidator.Validate(parsed, new ValidationContext(now));
        Print(stderr, result.Errors.Concat(result.Warnings));
        if (result.Report is null)
        {
            stderr.WriteLine($"{Path.GetFileName(input)} 有 {result.Errors.Count} 处错误，未生成{kind}。");
            return 1;
        }

        byte[] rendered;
        try
        {
            // One document per process: the fonts hold only the outlines it draws (peak memory); the same PDF.
            var renderer = new PdfRenderer(new FontOptions { FontFolder = fonts }) { LoadOnlyDocumentGlyphs = true };
            var document = DocumentBuilder.Build(result.Report);
            // The pipeline's own check, so the clerk gets the same GLYPH_MISSING finding at the same cell.
            if (GlyphCheck.Reject(result, document, parsed.Workbook, renderer) is { } missing)
            {
                Print(stderr, missing.Errors);
                stderr.WriteLine($"{Path.GetFileName(input)} 有 {missing.Errors.Count} 处错误，未生成{kind}。");
                return 1;
            }
            rendered = isOfd
                ? OfdRenderer.Render(document, renderer.Lay(document), now)
                : renderer.Render(document, now);
        }
        catch (FontsNotFoundException e)
        {
            stderr.WriteLine($"fp render: {e.Message}");
            return 3;
        }

        // Write beside the target, then move: a reader never sees half a file.
        var full = Path.GetFullPath(output);
        var temporary = full + ".tmp";
        await File.WriteAllBytesAsync(temporary, rendered);
        File.Move(temporary, full, overwrite: true);
        stdout.WriteLine($"{full} ({rendered.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        return 0;
    }

    private static void Print(TextWriter stderr, IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            var kind = finding.Severity == Severity.Error ? "错误" : "提醒";
            stderr.WriteLine($"{kind} {finding.Code} {finding.Text}");
        }
    }
}
