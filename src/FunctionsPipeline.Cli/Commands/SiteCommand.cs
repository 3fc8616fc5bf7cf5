using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// <c>fp site rebuild [--storage CONNECTION]</c>: rebuilds every listing of the public site from the versioned
/// files (and upgrades a site written with one global manifest.json). Exit 0 done, 2 bad arguments, 3 failed.
/// </summary>
internal static class SiteCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "rebuild")
        {
            Console.Error.WriteLine("usage: fp site rebuild [--storage CONNECTION]   (default storage: UseDevelopmentStorage=true)");
            return 2;
        }
        if (!CommandArgs.TryParse(args[1..], out var storage, out _, allowFile: false)) return 2;
        using var stop = CommandArgs.CancelOnCtrlC();
        await using var local = LocalPipeline.Create(storage);
        RebuildResult result;
        try
        {
            result = await local.Publisher.RebuildAsync(stop.Token);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex, stop.Token) && !stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fp site rebuild: 存储服务不可用（{StorageErrors.Summary(ex)}）。请先启动 Azurite，或用 --storage 指定连接字符串。");
            return 3;
        }
        Console.WriteLine($"Rebuilt {local.Publisher.ContainerName}: {result.Publications} publications of {result.Bodies} bodies, " +
                          $"{result.Years} report years, {result.Months} months.");
        if (result.UnlistedVersionsAdded > 0) Console.WriteLine($"  listed {result.UnlistedVersionsAdded} complete versions no manifest listed");
        if (result.LegacyManifestUpgraded) Console.WriteLine("  upgraded: the global manifest.json is replaced by per-body manifests (bodies/*/manifest.json)");
        if (result.OpenData is { } data)
            Console.WriteLine($"  open data: {data.Years.Sum(y => y.Reports)} reports in {data.Years.Count} report years (data/{{year}}/reports.csv, reports.json)");
        Console.WriteLine($"  index  {local.Publisher.IndexUrl}");
        return 0;
    }
}
