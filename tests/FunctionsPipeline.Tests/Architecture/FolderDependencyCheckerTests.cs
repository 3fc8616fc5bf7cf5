namespace FunctionsPipeline.Tests.Architecture;

/// <summary>The checker behind <see cref="FolderDependencyTests"/> finds what it should, so a clean result means something.</summary>
public sealed class FolderDependencyCheckerTests
{
    private static FolderDependencyTests.Edge E(string from, string to) => new(from, to, [$"{from}.Type"]);

    [Fact]
    public void A_loop_of_three_folders_is_found_once_with_its_path()
    {
        var loops = FolderDependencyTests.Loops([E("Uploads", "Pipeline"), E("Pipeline", "Review"), E("Review", "Uploads"), E("Review", "Model")]);

        var loop = Assert.Single(loops);
        Assert.Equal(["Uploads", "Pipeline", "Review", "Uploads"], loop);
    }

    [Fact]
    public void Two_folders_using_each_other_are_a_loop()
    {
        var loop = Assert.Single(FolderDependencyTests.Loops([E("Uploads", "Notifications"), E("Notifications", "Uploads")]));
        Assert.Equal("Uploads", loop[0]);
        Assert.Equal("Uploads", loop[^1]);
    }

    [Fact]
    public void A_chain_is_no_loop()
    {
        Assert.Empty(FolderDependencyTests.Loops([E("Uploads", "Pipeline"), E("Pipeline", "Review"), E("Uploads", "Review")]));
    }

    [Fact]
    public void An_edge_up_the_layers_or_to_an_unplaced_folder_is_reported()
    {
        string[] layers = ["Model", "Publishing", "Uploads"];
        var upward = FolderDependencyTests.Upward([E("Uploads", "Model"), E("Publishing", "Uploads"), E("Model", "Somewhere")], layers);

        Assert.Equal([("Publishing", "Uploads"), ("Model", "Somewhere")], upward.Select(e => (e.From, e.To)));
    }

    [Fact]
    public void The_graph_of_the_core_assembly_sees_a_known_dependency()
    {
        // The stages call the validator: if the graph missed this, an empty result would prove nothing.
        var graph = FolderDependencyTests.Graph(FolderDependencyTests.Core);

        Assert.Contains(graph, e => e.From == "Pipeline" && e.To == "Validation");
        Assert.Contains(graph, e => e.From == "Validation" && e.To == "Model");
        Assert.DoesNotContain(graph, e => e.From == "Model" && e.To == "Validation");
    }

    [Theory]
    [InlineData("FunctionsPipeline.Core.Publishing.Site", "Publishing")]
    [InlineData("FunctionsPipeline.Core.Model", "Model")]
    [InlineData("FunctionsPipeline.Tests", null)]
    [InlineData(null, null)]
    public void A_type_belongs_to_the_first_namespace_segment_below_core(string? ns, string? folder) =>
        Assert.Equal(folder, FolderDependencyTests.FolderOf(ns));
}
