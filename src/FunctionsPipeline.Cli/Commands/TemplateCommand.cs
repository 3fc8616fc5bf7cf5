using System.CommandLine;
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
    public static Command Create(CliContext cli)
    {
        var output = new Argument<string>("OUT.xlsx") { Description = "Where to write the workbook" };
        var sample = new Option<string?>("--sample") { Description = "Fill it with a sample report (示例)", HelpName = "seed|county" };
        sample.AcceptOnlyFromAmong("seed", "county");
        var command = new Command("template", "Write the blank workbook template (填报模板) for clerks, or a filled sample") { output, sample };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(sample) switch
        {
            "seed" => SampleReports.Seed,
            "county" => SampleReports.County,
            _ => null,
        }, cli.Out));
        return command;
    }

    private static int Run(string output, AnnualReport? sample, TextWriter stdout)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var file = File.Create(output))
        {
            TemplateWriter.Write(file, sample);
        }
        stdout.WriteLine(sample is null ? $"wrote blank template {output}" : $"wrote {sample.Title} to {output}");
        return 0;
    }
}
