namespace FunctionsPipeline.Core.Requests;

/// <summary>A link in a status record: what it is (<c>pdf</c>, <c>html</c>, <c>notice</c>, <c>index</c>, <c>findings-json</c>, <c>findings-html</c>) and where.</summary>
public sealed record StatusLink(string Kind, string Url);
