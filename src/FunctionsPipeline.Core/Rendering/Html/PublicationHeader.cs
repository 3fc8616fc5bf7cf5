namespace FunctionsPipeline.Core.Rendering.Html;

/// <summary>
/// What a published report page adds to the draft (known only once the version and its time are): markup for the page's
/// head (catalogue metadata) and a box first in its main content (索引号, 发布日期 …). Both already encoded.
/// </summary>
public sealed record PublicationHeader(string HeadHtml, string BoxHtml);
