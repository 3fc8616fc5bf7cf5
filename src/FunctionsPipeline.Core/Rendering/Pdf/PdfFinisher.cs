namespace FunctionsPipeline.Core.Rendering.Pdf;

internal sealed record XmpFields(FunctionsPipeline.Core.Document.DocumentMetadata Metadata, string Creator, DateTimeOffset Created, byte[] ContentHash);

internal static class PdfFinisher
{
    public static byte[] Finish(byte[] pdf, XmpFields fields) => pdf;
}
