namespace FunctionsPipeline.Core.Rendering;

/// <summary>The render stage's output: the report as PDF bytes and as an HTML page, made from the same document side by side.</summary>
public sealed record RenderedReport(byte[] Pdf, string Html);
