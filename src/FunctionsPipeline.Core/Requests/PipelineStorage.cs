using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace FunctionsPipeline.Core.Requests;

/// <summary>
/// Builds the pipeline's <see cref="BlobServiceClient"/> from the same <c>PipelineStorage</c> connection the
/// blob trigger uses, in either shape the Functions host understands:
/// <list type="bullet">
/// <item>a connection string (<c>PipelineStorage=UseDevelopmentStorage=true</c> locally, Azurite's explicit string in tests);</item>
/// <item>identity-based settings (<c>PipelineStorage__blobServiceUri</c>, <c>PipelineStorage__credential=managedidentity</c>,
/// <c>PipelineStorage__clientId</c>) as the infrastructure sets them in Azure.</item>
/// </list>
/// Falls back to <c>AzureWebJobsStorage</c> (connection string or <c>__accountName</c>) when <c>PipelineStorage</c> is absent.
/// </summary>
public static class PipelineStorage
{
    public const string ConnectionName = "PipelineStorage";

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration, string connectionName = ConnectionName) =>
        TryCreate(configuration.GetSection(connectionName))
        ?? TryCreate(configuration.GetSection("AzureWebJobsStorage"))
        ?? throw new InvalidOperationException(
            $"No storage configured: set '{connectionName}' to a connection string, or '{connectionName}__blobServiceUri' " +
            $"(with '{connectionName}__credential=managedidentity' and '{connectionName}__clientId' in Azure).");

    /// <summary>
    /// The queue service of the same connection (<c>PipelineStorage__queueServiceUri</c> in Azure), with messages
    /// Base64-encoded as the Functions queue trigger reads them.
    /// </summary>
    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, string connectionName = ConnectionName) =>
        TryCreateQueues(configuration.GetSection(connectionName))
        ?? TryCreateQueues(configuration.GetSection("AzureWebJobsStorage"))
        ?? throw new InvalidOperationException(
            $"No storage configured: set '{connectionName}' to a connection string, or '{connectionName}__queueServiceUri' " +
            $"(with '{connectionName}__credential=managedidentity' and '{connectionName}__clientId' in Azure).");

    private static QueueServiceClient? TryCreateQueues(IConfigurationSection section)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (!string.IsNullOrWhiteSpace(section.Value)) return new QueueServiceClient(section.Value, options);
        var serviceUri = section["queueServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.queue.core.windows.net" : null);
        return serviceUri is null ? null : new QueueServiceClient(new Uri(serviceUri), Credential(section), options);
    }

    private static BlobServiceClient? TryCreate(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value)) return new BlobServiceClient(section.Value);
        var serviceUri = section["blobServiceUri"] ?? section["serviceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.blob.core.windows.net" : null);
        return serviceUri is null ? null : new BlobServiceClient(new Uri(serviceUri), Credential(section));
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
