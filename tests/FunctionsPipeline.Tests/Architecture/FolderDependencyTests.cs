using System.Reflection;
using FunctionsPipeline.Core.Pipeline;
using NetArchTest.Rules;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Tests.Architecture;

/// <summary>
/// The Core folders (one namespace each) depend one way, from the hosts down to the model (docs/architecture.md). A folder
/// may use any folder listed before it in <see cref="Layers"/> and none after it, so no two folders can depend on each
/// other in a loop. A new folder must be placed in the list before it can be used.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>Bottom to top.</summary>
    public static readonly IReadOnlyList<string> Layers =
    [
        "Common",        // time zone, hashing
        "Model",         // the national format and the report
        "Workbook",      // parse
        "Validation",    // validate
        "Registry",      // the register of reporting bodies: parse, check, deadlines, the upload gate
        "Document",      // the report as blocks of text and tables
        "Rendering",     // PDF, OFD, the report page
        "Publishing",    // the public site: its one writer (publish, withdraw, rebuild) and its pages
        "Requests",      // what every blob request shares: containers, bounded read, incident id, records, poison, storage errors
        "Notifications", // webhooks: the outbox and its delivery
        "Ledger",        // every registered body's report per year, kept by the pipeline's events
        "Summary",       // a region's summary (汇总): sums of the bodies' published reports, its workbook and trace, the upload check
        "Review",        // previews a reviewer reads before approving
        "Pipeline",      // the stages in one line: parse → validate → render → publish or preview
        "Uploads",       // an upload's life; the only writer of its status
        "Approvals",     // a reviewer's decision
        "Withdrawals",   // a withdrawal request
        "ReviewConsole", // the reviewers' web pages over approvals and the audit trail
        "Samples",       // the demo's workbooks
        "Hosting",       // registration of everything (AddPipeline)
    ];

    private const string CoreNamespace = "FunctionsPipeline.Core";

    internal static readonly Assembly Core = typeof(ReportPipeline).Assembly;

    [Fact]
    public void Every_core_folder_has_a_place_in_the_layers()
    {
        var unplaced = Folders(Core).Except(Layers).ToList();
        Assert.True(unplaced.Count == 0, $"Core folders missing from {nameof(Layers)}: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void No_core_folders_depend_on_each_other_in_a_loop()
    {
        var loops = Loops(Graph(Core));
        Assert.True(loops.Count == 0, "Core folders in a dependency loop: " + string.Join("; ", loops.Select(l => string.Join(" → ", l))));
    }

    [Fact]
    public void Core_folders_depend_only_on_folders_below_them()
    {
        var upward = Upward(Graph(Core), Layers).Select(e => $"{e.From} → {e.To} ({string.Join(", ", e.Types.Take(3))})").ToList();
        Assert.True(upward.Count == 0, "Core folders depending on a folder above them:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Only_publishing_uses_the_sites_storage()
    {
        var result = Types.InAssembly(Core).That().DoNotResideInNamespace($"{CoreNamespace}.Publishing")
            .And().DoNotResideInNamespace($"{CoreNamespace}.Hosting")
            .ShouldNot().HaveDependencyOnAny($"{CoreNamespace}.Publishing.Site", $"{CoreNamespace}.Publishing.Storage", $"{CoreNamespace}.Publishing.Migration")
            .GetResult();
        Assert.True(result.IsSuccessful, "Outside Publishing, these use the site's storage: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>Inside Publishing, bottom to top (the module's own records and <c>SitePublisher</c> sit above them all).</summary>
    public static readonly IReadOnlyList<string> PublishingLayers =
    [
        "Site",      // the site's addresses
        "Storage",   // what is written and when: records, generations, ETags, group commit; no markup
        "Pages",     // one class per page kind, from a view-model
        "OpenData",  // the open data files (data/): body files, the years' combined CSV and JSON, the schema
        "Migration", // what earlier layouts left
    ];

    [Fact]
    public void Publishing_folders_depend_only_on_folders_below_them()
    {
        var root = $"{CoreNamespace}.Publishing";
        var graph = Graph(Core, root);
        Assert.Equal(PublishingLayers.Order(StringComparer.Ordinal), Folders(Core, root));
        var upward = Upward(graph, PublishingLayers).Select(e => $"{e.From} → {e.To} ({string.Join(", ", e.Types.Take(3))})").ToList();
        Assert.True(upward.Count == 0, "Publishing folders depending on a folder above them:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Only_the_upload_lifecycle_writes_upload_status_records()
    {
        // UploadRecords writes only for the lifecycle; everyone else reads status through the lifecycle (GetStatusAsync).
        var result = Types.InAssembly(Core).That().DoNotResideInNamespace($"{CoreNamespace}.Hosting")
            .ShouldNot().HaveDependencyOn(typeof(Core.Uploads.UploadRecords).FullName!).GetResult();
        var others = (result.FailingTypeNames ?? []).Where(t => !t.StartsWith(typeof(Core.Uploads.UploadLifecycle).FullName!, StringComparison.Ordinal)
                                                              && !t.StartsWith(typeof(Core.Uploads.UploadRecords).FullName!, StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, "Besides UploadLifecycle, these use UploadRecords: " + string.Join(", ", others));
    }

    // ---- the checker, kept honest by FolderDependencyCheckerTests -----------------------------------------------

    public sealed record Edge(string From, string To, IReadOnlyList<string> Types);

    /// <summary>The Core folders present in <paramref name="assembly"/> (the namespace segment after FunctionsPipeline.Core).</summary>
    internal static IReadOnlyList<string> Folders(Assembly assembly, string root = CoreNamespace) =>
        Types.InAssembly(assembly).GetTypes().Select(t => FolderOf(t.Namespace, root)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    internal static string? FolderOf(string? ns, string root = CoreNamespace) =>
        ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..].Split('.')[0] : null;

    /// <summary>Every dependency between the folders below <paramref name="root"/>, with the types that make it.</summary>
    internal static IReadOnlyList<Edge> Graph(Assembly assembly, string root = CoreNamespace)
    {
        var folders = Folders(assembly, root);
        var edges = new List<Edge>();
        foreach (var from in folders)
        {
            foreach (var to in folders.Where(f => f != from))
            {
                // With the dot: NetArchTest matches names by prefix, and Publishing.Site is no prefix of Publishing.SitePublisher.
                var result = Types.InAssembly(assembly).That().ResideInNamespace($"{root}.{from}.")
                    .ShouldNot().HaveDependencyOn($"{root}.{to}").GetResult();
                if (!result.IsSuccessful) edges.Add(new Edge(from, to, result.FailingTypeNames?.ToList() ?? []));
            }
        }
        return edges;
    }

    /// <summary>Each loop once, as the folders along it (first repeated at the end).</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> Loops(IReadOnlyList<Edge> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var loops = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>();
        foreach (var edge in edges)
        {
            // A path back from the edge's target to its source closes a loop through the edge.
            if (PathBetween(next, edge.To, edge.From) is not { } back) continue;
            var loop = new List<string> { edge.From };
            loop.AddRange(back);
            var key = string.Join(",", loop.Distinct().Order(StringComparer.Ordinal));
            if (seen.Add(key)) loops.Add(loop);
        }
        return loops;
    }

    /// <summary>The edges that go up the <paramref name="layers"/> (or touch a folder not in them).</summary>
    internal static IReadOnlyList<Edge> Upward(IReadOnlyList<Edge> edges, IReadOnlyList<string> layers) =>
        edges.Where(e => layers.ToList().IndexOf(e.To) is var to && (to < 0 || to > layers.ToList().IndexOf(e.From))).ToList();

    private static List<string>? PathBetween(Dictionary<string, List<string>> next, string from, string to)
    {
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<string> { to };
                while (path[^1] != from) path.Add(previous[path[^1]]);
                path.Reverse();
                return path;
            }
            foreach (var n in next.GetValueOrDefault(at) ?? [])
            {
                if (previous.TryAdd(n, at)) queue.Enqueue(n);
            }
        }
        return null;
    }
}
