using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Samples;
using FunctionsPipeline.Core.Workbook;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp template OUT.xlsx [--sample seed|county]</c>: writes the blank workbook template for
/// clerks, or one filled with a sample report (how samples/*.xlsx are made).
/// </summary>
internal static class TemplateCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        string? output = null;
        AnnualReport? sample = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--sample" && i + 1 < args.Length)
            {
                sample = args[++i] switch
                {
                    "seed" => SampleReports.Seed,
                    "county" => SampleReports.County,
                    var other => null,
                };
                if (sample is null)
                {
                    Console.Error.WriteLine($"fp template: unknown sample '{args[i]}' (known: seed, county)");
                    return Task.FromResult(2);
                }
            }
            else if (output is null && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                output = args[i];
            }
            else
            {
                Console.Error.WriteLine($"fp template: unexpected argument '{args[i]}'");
                return Task.FromResult(2);
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("usage: fp template OUT.xlsx [--sample seed|county]");
            return Task.FromResult(2);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var file = File.Create(output))
        {
            TemplateWriter.Write(file, sample);
        }
        Console.WriteLine(sample is null ? $"wrote blank template {output}" : $"wrote {sample.Title} to {output}");
        return Task.FromResult(0);
    }
}
