using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Tests.Robustness;
using FunctionsPipeline.Tests.Support;

namespace FunctionsPipeline.Tests.CommandLine;

/// <summary>
/// `fp demo` as a newcomer drives it with their own tools: the connection string and the <c>az storage blob upload</c> line
/// it prints, pasted into the Azure SDK, upload a workbook that the running demo then processes; and its storage holds
/// no container or queue that Core's one list (<see cref="StorageInventory"/>) does not name.
/// </summary>
[Collection(RobustnessFaultsCollection.Name)]
public sealed class DemoStorageTests
{
    private const int SigTerm = 15;

    [Fact]
    public async Task The_printed_az_line_pasted_into_the_SDK_uploads_a_file_the_demo_processes_and_its_storage_is_all_listed()
    {
        var printed = new StringBuilder();
        using var demo = FpProcess.Start(Infra.CompiledTemplate.FindRepositoryRoot(), ["demo"], printed);
        string Printed()
        {
            lock (printed) return printed.ToString();
        }
        try
        {
            Assert.True(await Polling.UntilAsync(() => Printed().Contains("az storage blob upload", StringComparison.Ordinal), TimeSpan.FromMinutes(4)),
                $"fp demo did not print its az line: {Printed()}");
            var line = Printed().Split('\n').First(l => l.Contains("az storage blob upload", StringComparison.Ordinal)).Trim();
            var (connection, container, name, file) = StorageHints.ParseAzUpload(line) ?? throw new InvalidOperationException("not an az line: " + line);
            Assert.Contains($"  connection  {connection}", Printed(), StringComparison.Ordinal);   // the same connection string, printed on its own
            Assert.True(File.Exists(file), $"the az line names a file that is not there: {file}");

            // What `az storage blob upload --connection-string … --container-name … --name … --file …` does, with the SDK.
            string Outcome() => $"  {name,-28} → ";
            var before = Count(Printed(), Outcome());
            await new BlobServiceClient(connection).GetBlobContainerClient(container).GetBlobClient(name).UploadAsync(file, overwrite: true);
            Assert.True(await Polling.UntilAsync(() => Count(Printed(), Outcome()) > before, TimeSpan.FromMinutes(2)),
                $"the demo did not process the uploaded {name}: {Printed()}");

            // Every container and queue in the demo's storage is in Core's list, and the demo printed the app's own.
            await using var local = LocalPipeline.Create(connection);
            var inventory = local.Inventory;
            var containers = new List<string>();
            await foreach (var item in new BlobServiceClient(connection).GetBlobContainersAsync()) containers.Add(item.Name);
            var queues = new List<string>();
            await foreach (var item in new QueueServiceClient(connection).GetQueuesAsync()) queues.Add(item.Name);
            Assert.Contains(local.Containers.Uploads.Name, containers);
            Assert.All(containers, c => Assert.True(inventory.Contains(StorageKind.Container, c), $"container '{c}' is not in StorageInventory"));
            Assert.All(queues, q => Assert.True(inventory.Contains(StorageKind.Queue, q), $"queue '{q}' is not in StorageInventory"));
            var containersLine = Printed().Split('\n').First(l => l.StartsWith("  containers  ", StringComparison.Ordinal));
            Assert.All(inventory.Resources.Where(r => !r.HostOwned && r.Kind == StorageKind.Container), r => Assert.Contains(r.Name, containersLine, StringComparison.Ordinal));
        }
        finally
        {
            if (!demo.HasExited)
            {
                FpProcess.Signal(demo.Id, SigTerm);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await demo.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    demo.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
