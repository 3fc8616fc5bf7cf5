using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace FunctionsPipeline.Core.Pipeline;

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
