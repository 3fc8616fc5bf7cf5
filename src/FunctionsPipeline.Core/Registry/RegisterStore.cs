using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.Registry;

/// <summary>Where the pipeline finds the register: none (one office, as without a register) or the loaded one.</summary>
public interface IRegisterSource
{
    /// <summary>The register as loaded now, or null when none was ever loaded.</summary>
    Task<BodyRegister?> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The register in its private container (<see cref="RegistryOptions.Container"/>): <c>register.json</c>, the one
/// loaded now, and <c>sources/{time}-{file}</c>, every file loaded, kept as given. Loading checks the file first and
/// changes nothing when it has any finding. Reads are one conditional request each (the register is cached by ETag).
/// </summary>
public sealed class RegisterStore(BlobServiceClient storage, IOptions<RegistryOptions> options, TimeProvider time) : IRegisterSource
{
    public const string RegisterBlob = "register.json";

    private (BodyRegister Register, ETag ETag)? _cached;

    public BlobContainerClient Container { get; } = storage.GetBlobContainerClient(options.Value.Container);

    public Deadlines Deadlines { get; } = Deadlines.From(options.Value);

    /// <summary>Checks a register file without loading it.</summary>
    public RegisterCheck Check(byte[] content, string fileName) => RegisterParser.Parse(content, fileName, time.GetUtcNow());

    /// <summary>
    /// Checks the file and, when it has no finding, keeps it under <c>sources/</c> and makes it the register. A file with
    /// findings changes nothing (the findings are returned).
    /// </summary>
    public async Task<RegisterCheck> LoadAsync(byte[] content, string fileName, CancellationToken cancellationToken = default)
    {
        var check = Check(content, fileName);
        if (check.Register is not { } register) return check;
        await Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        var source = $"sources/{register.LoadedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{register.SourceSha256[..8]}-{register.SourceFile}";
        await Container.GetBlobClient(source).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken);
        await Container.GetBlobClient(RegisterBlob).UploadAsync(new BinaryData(RegisterJson.Serialize(register)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, cancellationToken);
        return check;
    }

    /// <inheritdoc />
    public async Task<BodyRegister?> CurrentAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        try
        {
            var response = await Container.GetBlobClient(RegisterBlob).DownloadContentAsync(new BlobDownloadOptions
            {
                Conditions = cached is { } c ? new BlobRequestConditions { IfNoneMatch = c.ETag } : null,
            }, cancellationToken);
            if (response.GetRawResponse().Status == 304 && cached is { } same) return same.Register;
            var register = RegisterJson.Deserialize(response.Value.Content.ToMemory().Span);
            _cached = (register, response.Value.Details.ETag);
            return register;
        }
        catch (RequestFailedException ex) when (ex.Status == 304 && cached is { } same)
        {
            return same.Register;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _cached = null;
            return null;
        }
    }
}
