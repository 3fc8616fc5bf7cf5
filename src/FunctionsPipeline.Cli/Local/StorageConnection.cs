namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// Storage connection strings for the local hosts: expands <c>UseDevelopmentStorage=true</c> to explicit
/// Azurite endpoints, and gives the WebJobs host blob/queue endpoints that end in a slash.
/// </summary>
/// <remarks>
/// Why the slash: the WebJobs blob extension (5.3.x) treats an account as development storage when the
/// blob endpoint's path equals the account name exactly (<c>/devstoreaccount1</c>), and then polls with
/// its dev-storage scan, which compares LastModified (one-second granularity) with <c>&gt;</c> against the
/// newest time it saw, so blobs uploaded in the same second as an earlier scan are never triggered.
/// With <c>/devstoreaccount1/</c> it uses the production hybrid strategy, which re-lists that second
/// (<c>&gt;=</c>) and relies on blob receipts to trigger each blob ETag once. The hybrid strategy also
/// polls <c>$logs</c>, which Azurite does not create; <see cref="LocalTriggerHost"/> creates it.
/// </remarks>
public static class StorageConnection
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The connection string of the default local Azurite (ports 10000–10002).</summary>
    public static string DefaultAzurite =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:10000/{AzuriteProcess.AccountName};QueueEndpoint=http://127.0.0.1:10001/{AzuriteProcess.AccountName};" +
        $"TableEndpoint=http://127.0.0.1:10002/{AzuriteProcess.AccountName};";

    /// <summary>Expands <c>UseDevelopmentStorage=true</c>; returns any other connection string unchanged.</summary>
    public static string Expand(string connectionString) =>
        connectionString.Trim().TrimEnd(';').Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase)
            ? DefaultAzurite
            : connectionString;

    /// <summary>The connection string with explicit blob and queue endpoints that end in '/'.</summary>
    public static string ForTriggerHost(string connectionString)
    {
        var parts = Parse(Expand(connectionString));
        foreach (var key in new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" })
        {
            if (parts.TryGetValue(key, out var endpoint) && !endpoint.EndsWith('/')) parts[key] = endpoint + "/";
        }
        return string.Join(";", parts.Select(p => $"{p.Key}={p.Value}")) + ";";
    }

    /// <summary>Splits a connection string into its settings (values may contain '=', e.g. account keys).</summary>
    public static Dictionary<string, string> Parse(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=');
            if (eq <= 0) throw new FormatException($"not a storage connection string setting: '{segment}'");
            parts[segment[..eq]] = segment[(eq + 1)..];
        }
        return parts;
    }
}
