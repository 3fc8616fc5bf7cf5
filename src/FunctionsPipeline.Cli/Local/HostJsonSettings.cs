using System.Text.Json;

using FunctionsPipeline.Cli.Commands;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The blob trigger settings of the repository's <c>host.json</c> (the same file the Functions app ships),
/// so the local host retries and parallelises exactly like the deployed one.
/// </summary>
public sealed record HostJsonSettings(int MaxDegreeOfParallelism, int PoisonBlobThreshold)
{
    public static readonly HostJsonSettings Defaults = new(MaxDegreeOfParallelism: 4, PoisonBlobThreshold: 5);

    /// <summary>Reads <c>host.json</c> found from the current directory upwards; the defaults when there is none.</summary>
    public static HostJsonSettings Load(string? path = null)
    {
        path ??= RepositoryFiles.FindUpwards("host.json");
        if (path is null || !File.Exists(path)) return Defaults;
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("blobs", out var blobs)) return Defaults;
        return new HostJsonSettings(
            ReadInt(blobs, "maxDegreeOfParallelism") ?? Defaults.MaxDegreeOfParallelism,
            ReadInt(blobs, "poisonBlobThreshold") ?? Defaults.PoisonBlobThreshold);
    }

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;
}
