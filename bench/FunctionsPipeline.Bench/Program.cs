namespace FunctionsPipeline.Bench;

/// <summary>
/// Benchmarks: <c>dotnet run -c Release --project bench/FunctionsPipeline.Bench -- [suite…] [--json PATH]</c>.
/// Suites: parse, validate, render, render-parts, publish, pipeline, robustness, cold, cold-serve, site-scale, notify, registry, summary, open-data (default: all). Each suite lives in its own file.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<Task>> Suites = new()
    {
        ["parse"] = ParseBench.RunAsync,
        ["validate"] = ValidateBench.RunAsync,
        ["render"] = RenderBench.RunAsync,
        ["render-parts"] = RenderPartsBench.RunAsync,
        ["publish"] = PublishBench.RunAsync,
        ["pipeline"] = PipelineBench.RunAsync,
        ["robustness"] = RobustnessBench.RunAsync,
        ["cold"] = ColdBench.RunAsync,
        ["cold-serve"] = ColdBench.ServeAsync,
        ["site-scale"] = SiteScaleBench.RunAsync,
        ["notify"] = NotifyBench.RunAsync,
        ["registry"] = RegistryBench.RunAsync,
        ["summary"] = SummaryBench.RunAsync,
        ["open-data"] = OpenDataBench.RunAsync,
    };

    private static async Task<int> Main(string[] args)
    {
        var jsonPath = "bench-results.json";
        var selected = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--json" && i + 1 < args.Length) jsonPath = args[++i];
            else selected.Add(args[i]);
        }
        if (selected.Count == 0) selected.AddRange(Suites.Keys);
        foreach (var name in selected)
        {
            if (!Suites.TryGetValue(name, out var suite))
            {
                Console.Error.WriteLine($"unknown suite '{name}'; known: {string.Join(", ", Suites.Keys)}");
                return 2;
            }
            Console.WriteLine($"== {name}");
            await suite();
        }
        Harness.WriteJson(jsonPath);
        return 0;
    }
}
