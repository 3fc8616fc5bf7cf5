namespace FunctionsPipeline.Tests.Robustness;

/// <summary>Container names of one pipeline under test.</summary>
internal sealed record PipelineContainers(string Uploads, string Results, string Web)
{
    /// <summary>The real names (uploads, results, $web), for a storage account of its own.</summary>
    public static PipelineContainers Standard { get; } = new("uploads", "results", "$web");

    /// <summary>Unique names, for tests sharing one Azurite.</summary>
    public static PipelineContainers Unique()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new($"uploads-{id}", $"results-{id}", $"web-{id}");
    }
}
