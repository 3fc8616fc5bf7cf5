namespace FunctionsPipeline.Core.Rendering;

/// <summary>
/// The render stage's output: the report as PDF bytes, as an HTML page and as OFD bytes (GB/T 33190), made from the same
/// document side by side; the PDF and the OFD are drawn from one layout. The page is the draft a reviewer reads (the
/// preview's); publishing renders the published page from the report itself.
/// </summary>
public sealed record RenderedReport(byte[] Pdf, string Html, byte[] Ofd);
