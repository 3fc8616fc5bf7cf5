using System.Security.Cryptography;

namespace FunctionsPipeline.Core.Common;

/// <summary>The SHA-256 of some bytes as lowercase hex: content hashes of report data, PDFs and the stylesheet.</summary>
public static class Sha256
{
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
