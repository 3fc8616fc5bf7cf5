namespace FunctionsPipeline.Core.Requests;

/// <summary>The part of the blob extension's trigger message we read.</summary>
public sealed record PoisonMessage(string? ContainerName, string? BlobName, string? ETag, string? FunctionId = null);
