using System.CommandLine;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp site rebuild [--storage CONNECTION]</c>: rebuilds every listing of the public site from the versioned
/// files (and upgrades a site written with one global manifest.json). Exit 0 done, 2 bad arguments, 3 failed.
/// </summary>
internal static class SiteCommand
{
    public static Command Create(CliContext cli)
    {
        var storage = CommandArgs.Storage();
        var rebuild = new Command("rebuild", "Rebuild every site listing (重建栏目) from the published versions (upgrades old layouts)") { storage };
        rebuild.SetAction(parse => RebuildAsync(parse.GetValue(storage), cli));
        return new Command("site", "The public site (公开网站)") { rebuild };
    }

    private static async Task<int> RebuildAsync(string? storage, CliContext cli)
    {
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        RebuildResult result;
        FunctionsPipeline.Core.Ledger.LedgerBackfill backfill;
        try
        {
            result = await local.Publisher.RebuildAsync(TerminalProgress.ForConsole(), stop.Token);
            // With a register, the ledger learns of publications it has no event for (nothing without one).
            backfill = await local.Ledger.BackfillFromSiteAsync(stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            cli.Error.WriteLine($"fp site rebuild: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。");
            return 3;
        }
        cli.Out.WriteLine($"Rebuilt {local.Publisher.ContainerName}: {result.Publications} publications of {result.Bodies} bodies, " +
                          $"{result.Years} report years, {result.Months} months.");
        if (result.UnlistedVersionsAdded > 0) cli.Out.WriteLine($"  listed {result.UnlistedVersionsAdded} complete versions no manifest listed");
        if (result.LegacyManifestUpgraded) cli.Out.WriteLine("  upgraded: the global manifest.json is replaced by per-body manifests (bodies/*/manifest.json)");
        if (result.OpenData is { } data)
            cli.Out.WriteLine($"  open data: {data.Years.Sum(y => y.Reports)} reports in {data.Years.Count} report years (data/{{year}}/reports.csv, reports.json)");
        if (backfill.Filled > 0) cli.Out.WriteLine($"  ledger: {backfill.Filled} records filled from the site (years {string.Join(", ", backfill.Years)})");
        cli.Out.WriteLine($"  index  {local.Publisher.IndexUrl}");
        return 0;
    }
}
