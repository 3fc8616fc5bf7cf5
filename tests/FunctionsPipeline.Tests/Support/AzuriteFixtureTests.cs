using System.Diagnostics;
using Azure.Storage.Blobs;
using FunctionsPipeline.Cli.Local;

namespace FunctionsPipeline.Tests.Support;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task Azurite_answers_blob_requests_on_its_own_port()
    {
        var container = fixture.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("fixture"));
        await container.CreateAsync();
        await container.UploadBlobAsync("hello.txt", BinaryData.FromString("你好"));

        var downloaded = await container.GetBlobClient("hello.txt").DownloadContentAsync();

        Assert.Equal("你好", downloaded.Value.Content.ToString());
        Assert.NotEqual(10000, fixture.Azurite.BlobPort);
    }

    [Fact]
    public async Task A_second_Azurite_starts_on_other_ports_and_stops_by_its_pid()
    {
        var second = await AzuriteProcess.StartAsync();
        var pid = second.ProcessId;
        Assert.NotEqual(fixture.Azurite.BlobPort, second.BlobPort);

        await second.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await new BlobServiceClient(second.ConnectionString).GetPropertiesAsync(cts.Token);
        });
    }
}
