namespace FunctionsPipeline.Cli.Commands;

/// <summary>Finds repository files (samples/, node_modules/, host.json) from the current directory or the app's folder upwards.</summary>
public static class RepositoryFiles
{
    public static string? FindUpwards(string relativePath)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
