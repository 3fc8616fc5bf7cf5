using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.EndToEnd;

/// <summary>
/// Trigger-host tests get their own Azurite: the poison queue and the host's blob lease are account-wide,
/// so they must not share an account with tests running in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TriggerHostCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "TriggerHost";
}
