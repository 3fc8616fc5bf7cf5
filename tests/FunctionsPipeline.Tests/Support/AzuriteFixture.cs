using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;

namespace FunctionsPipeline.Tests.Support;

/// <summary>
/// One real in-memory Azurite for a test collection, on free loopback ports. Fails with a clear
/// message if Azurite is not installed (run <c>npm ci</c>); it never silently skips.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started");

    public string ConnectionString => Azurite.ConnectionString;

    public BlobServiceClient BlobService => new(ConnectionString);

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>A container name no other test uses, so tests sharing one Azurite stay independent.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
