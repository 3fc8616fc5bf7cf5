namespace FunctionsPipeline.Core.ReviewConsole;

/// <summary>
/// One request to the review console, independent of the host (the Functions app's HTTP trigger or <c>fp serve</c>):
/// <see cref="Path"/> is relative to the console's root (<see cref="BasePath"/>, e.g. <c>/api/console/</c>), without query.
/// </summary>
public sealed record ConsoleRequest(
    string Method,
    string Path,
    string BasePath,
    string Origin,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyDictionary<string, string> Headers,
    bool FromLoopback)
{
    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string? FormValue(string name) => Form.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The console's answer: status, content type, body and extra headers (the security headers are added by the console).</summary>
public sealed record ConsoleResponse(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public static ConsoleResponse Html(int status, string html) =>
        new(status, "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(html), new Dictionary<string, string>());

    public static ConsoleResponse Redirect(string location) =>
        new(303, "text/plain; charset=utf-8", [], new Dictionary<string, string> { ["Location"] = location });
}
