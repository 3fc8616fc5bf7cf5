using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Median time to validate the sample reports (raw cells → typed report) and to parse + validate
/// their template workbooks, warm. Target for parse + validate: &lt; 20 ms per workbook.
/// </summary>
internal static class ValidateBench
{
    private const int Iterations = 200;
    private const int Warmup = 50; // past tiered JIT, so "warm" means warm

    public static Task RunAsync()
    {
        var context = new ValidationContext(new DateTimeOffset(2025, 1, 20, 10, 0, 0, TimeSpan.FromHours(8)), SampleReports.Seed with { Year = 2023 });
        var samples = new[] { ("seed", SampleReports.Seed), ("county", SampleReports.County) };
        var files = samples.ToDictionary(s => s.Item1, s => TemplateBytes(s.Item2));

        // Warm the whole path on both samples first: otherwise whichever sample runs first pays for tiered JIT.
        for (var i = 0; i < 100; i++)
        {
            foreach (var (name, _) in samples) ParseAndValidate(files[name], name, context);
        }

        foreach (var (name, report) in samples)
        {
            var workbook = ReportCells.ToParsedWorkbook(report, $"{name}.xlsx");
            Check(ReportValidator.Validate(workbook, context), name);
            Harness.Measure($"validate {name} (cells → report)", Iterations, () => ReportValidator.Validate(workbook, context), warmup: Warmup);

            // The whole check an upload gets: the template workbook (as TemplateWriter fills it) parsed, then validated.
            var bytes = files[name];
            Check(ParseAndValidate(bytes, name, context), name);
            Harness.Measure($"parse+validate {name} (xlsx {bytes.Length / 1024} KB)", Iterations, () => ParseAndValidate(bytes, name, context), warmup: Warmup);
        }

        // A workbook with many findings: every count of table B as text, so every cell is an error.
        var bad = ReportCells.ToParsedWorkbook(SampleReports.County, "bad.xlsx");
        bad = bad with
        {
            Fields = bad.Fields.ToDictionary(kv => kv.Key,
                kv => kv.Key.StartsWith("B.", StringComparison.Ordinal) ? kv.Value with { Value = $" {kv.Value.Value} " } : kv.Value),
        };
        var badResult = ReportValidator.Validate(bad, context);
        Harness.Figure("validate bad workbook: errors found", badResult.Errors.Count, "findings");
        Harness.Measure("validate bad workbook (175 errors)", Iterations, () => ReportValidator.Validate(bad, context), warmup: Warmup);
        Harness.Measure("findings JSON (175 errors)", Iterations, () => FindingsJson.Serialize("bad.xlsx", badResult), warmup: Warmup);
        Harness.Measure("findings HTML (175 errors)", Iterations, () => FindingsHtmlReport.Render("bad.xlsx", badResult, context.PublishedAt), warmup: Warmup);
        return Task.CompletedTask;
    }

    private static byte[] TemplateBytes(AnnualReport report)
    {
        using var file = new MemoryStream();
        TemplateWriter.Write(file, report);
        return file.ToArray();
    }

    private static ValidationResult ParseAndValidate(byte[] bytes, string name, ValidationContext context)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return ReportValidator.Validate(WorkbookReader.Read(stream, $"{name}.xlsx"), context);
    }

    private static void Check(ValidationResult result, string name)
    {
        if (!result.IsValid) throw new InvalidOperationException($"sample {name} is not valid: {result.Errors[0].Message}");
    }
}
