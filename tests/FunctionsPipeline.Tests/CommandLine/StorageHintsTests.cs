using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Cli.Local;

namespace FunctionsPipeline.Tests.CommandLine;

/// <summary>What fp demo and fp serve print about their storage: Azurite's connection in full, a real account's key never.</summary>
public sealed class StorageHintsTests
{
    [Fact]
    public void Azurites_connection_is_printed_whole_and_a_real_accounts_key_or_SAS_never()
    {
        Assert.Equal(StorageConnection.DefaultAzurite, StorageHints.Printable("UseDevelopmentStorage=true"));

        var real = StorageHints.Printable("DefaultEndpointsProtocol=https;AccountName=portal;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net");
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", real, StringComparison.Ordinal);
        Assert.Contains("AccountName=portal;AccountKey=***;", real, StringComparison.Ordinal);
        var sas = StorageHints.Printable("BlobEndpoint=https://portal.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=abc");
        Assert.DoesNotContain("sig=abc", sas, StringComparison.Ordinal);
    }

    [Fact]
    public void The_az_line_reads_back_to_what_it_uploads()
    {
        var line = StorageHints.AzUpload("UseDevelopmentStorage=true", "uploads", "xiji-town/西集 2024.xlsx", "/tmp/a b/西集 2024.xlsx");

        Assert.StartsWith("az storage blob upload --connection-string \"", line, StringComparison.Ordinal);
        Assert.Equal((StorageConnection.DefaultAzurite, "uploads", "xiji-town/西集 2024.xlsx", "/tmp/a b/西集 2024.xlsx"), StorageHints.ParseAzUpload(line));
    }
}
