using FunctionsPipeline.Cli.Commands;

namespace FunctionsPipeline.Cli;

/// <summary><c>fp</c>: template | validate | render | publish | approve | reject | withdraw | serve | demo | site | registry | ledger | summarize. Each command lives in Commands/.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }
        var rest = args[1..];
        return args[0] switch
        {
            "template" => await TemplateCommand.RunAsync(rest),
            "validate" => await ValidateCommand.RunAsync(rest),
            "render" => await RenderCommand.RunAsync(rest),
            "publish" => await PublishCommand.RunAsync(rest),
            "serve" => await ServeCommand.RunAsync(rest),
            "demo" => await DemoCommand.RunAsync(rest),
            "approve" => await ApproveCommand.RunAsync(rest, approve: true),
            "reject" => await ApproveCommand.RunAsync(rest, approve: false),
            "site" => await SiteCommand.RunAsync(rest),
            "withdraw" => await WithdrawCommand.RunAsync(rest),
            "registry" => await RegistryCommand.RunAsync(rest),
            "ledger" => await LedgerCommand.RunAsync(rest),
            "summarize" => await SummarizeCommand.RunAsync(rest),
            _ => Unknown(args[0]),
        };
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"fp: unknown command '{command}'");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() => Console.Error.WriteLine("""
        usage: fp <command> [options]
          template OUT.xlsx                         write the blank workbook template for clerks
          validate FILE [--json]                    check a workbook against the national format (exit 0 valid, 1 invalid, 2 unreadable)
          render FILE -o OUT.pdf                    validate, then render the report to PDF
          publish FILE [--review] [--storage CONNECTION]
                                                    validate, render and publish to the $web container (--review: into 'previews', awaiting approval)
          approve NAME [--by WHO] [--storage CONNECTION] [--wait SECONDS]
                                                    approve the preview of upload NAME: its exact files are published
          reject NAME --reason TEXT [--by WHO] [--storage CONNECTION] [--wait SECONDS]
                                                    reject the preview of upload NAME (nothing is published)
          serve [--storage CONNECTION]              run the blob trigger on container 'uploads' (WebJobs SDK)
          demo [--once] [--review]                  start Azurite, serve, drop the samples, print the site URLs (--review: preview → approve → published)
          site rebuild [--storage CONNECTION]       rebuild every site listing from the published versions (upgrades old layouts)
          withdraw --body NAME --year YEAR --reason TEXT [--by WHO] [--wait SECONDS] [--storage CONNECTION]
                                                    withdraw (撤回) a published report: 撤回公告, files to the archive, listings marked
          registry check FILE [--json]              check a register of reporting bodies (编制主体名单: xlsx, or CSV in UTF-8/GB18030)
          registry load FILE [--json] [--storage CONNECTION]
                                                    check it and, with no finding, load it into the private 'registry' container
          registry grant FILE --emit bicep|cli     the clerks' write rights: Storage Blob Data Contributor on uploads, ABAC-limited to their folder
          ledger --year YEAR [--json] [--storage CONNECTION]
                                                    every registered body's report for YEAR: 未提交/待审核/已退回/已发布（按时/逾期）/已撤回
          summarize --year YEAR [--bodies 本级|all|FILTER] -o OUT.xlsx [--storage CONNECTION]
                                                    the 本级政府's tables (汇总) as sums of the registered bodies' published reports, with their trace
        """);
}
