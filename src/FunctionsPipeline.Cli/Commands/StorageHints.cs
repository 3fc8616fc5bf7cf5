using System.Text.RegularExpressions;
using FunctionsPipeline.Cli.Local;
using FunctionsPipeline.Core.Hosting;

namespace FunctionsPipeline.Cli.Commands;

/// <summary>
/// What <c>fp demo</c> and <c>fp serve</c> print so a newcomer can reach the storage with their own tools: the connection
/// string (Azure Storage Explorer, the SDKs, <c>az --connection-string</c>), a ready-to-paste <c>az storage blob upload</c>
/// line, and every container and queue the app uses.
/// </summary>
internal static partial class StorageHints
{
    /// <summary>
    /// The connection string to print: as is for Azurite (its account key is public, the same on every machine), with the
    /// key or SAS replaced by <c>***</c> for any other account, so a real secret never lands in a terminal log.
    /// </summary>
    public static string Printable(string connectionString)
    {
        var parts = StorageConnection.Parse(StorageConnection.Expand(connectionString));
        if (parts.TryGetValue("AccountName", out var account) && account == AzuriteProcess.AccountName) return StorageConnection.Expand(connectionString);
        foreach (var key in new[] { "AccountKey", "SharedAccessSignature" })
        {
            if (parts.ContainsKey(key)) parts[key] = "***";
        }
        return string.Join(";", parts.Select(p => $"{p.Key}={p.Value}")) + ";";
    }

    /// <summary>The <c>az</c> line that uploads <paramref name="file"/> as <paramref name="blobName"/> into <paramref name="container"/>.</summary>
    public static string AzUpload(string connectionString, string container, string blobName, string file) =>
        $"az storage blob upload --connection-string \"{Printable(connectionString)}\" --container-name {container} --name \"{blobName}\" --file \"{file}\" --overwrite";

    /// <summary>Reads back an <see cref="AzUpload"/> line: (connection string, container, blob name, file), or null.</summary>
    public static (string Connection, string Container, string Name, string File)? ParseAzUpload(string line) =>
        AzUploadLine().Match(line) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value) : null;

    [GeneratedRegex("""az storage blob upload --connection-string "([^"]+)" --container-name (\S+) --name "([^"]+)" --file "([^"]+)" """)]
    private static partial Regex AzUploadLine();

    /// <summary>The connection line, then the app's containers and queues and the hosts' own, each name once.</summary>
    public static void PrintStorage(TextWriter output, string connectionString, StorageInventory inventory)
    {
        output.WriteLine($"  connection  {Printable(connectionString)}");
        output.WriteLine("              (Azure Storage Explorer: Attach → Connection string; az: --connection-string \"…\")");
        string Names(IEnumerable<StorageResource> resources) => string.Join(", ", resources.Select(r => r.Public ? $"{r.Name} (public)" : r.Name));
        var app = inventory.Resources.Where(r => !r.HostOwned).ToList();
        var host = inventory.Resources.Where(r => r.HostOwned).ToList();
        output.WriteLine($"  containers  {Names(app.Where(r => r.Kind == StorageKind.Container))}");
        output.WriteLine($"  queues      {Names(app.Where(r => r.Kind == StorageKind.Queue))}");
        output.WriteLine($"  the hosts'  {Names(host)}");
    }
}
