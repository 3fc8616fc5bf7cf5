using System.Net;
using FunctionsPipeline.Core.ReviewConsole;
using Microsoft.AspNetCore.Http;

namespace FunctionsPipeline.Core.Hosting;

/// <summary>
/// Maps an ASP.NET Core request onto the review console (<see cref="ReviewConsoleApp"/>) and writes its answer: the one
/// HTTP adapter, used by the Functions app's HTTP trigger (ASP.NET Core integration) and by <c>fp serve</c>'s loopback server.
/// </summary>
public static class ReviewConsoleHttp
{
    /// <summary>Forms are small: a reason of at most 500 characters and three short fields.</summary>
    private const long MaxFormBytes = 16 * 1024;

    /// <param name="basePath">The console's root as the browser sees it, ending in <c>/</c> (e.g. <c>/api/console/</c>).</param>
    /// <param name="path">The request's path below <paramref name="basePath"/>.</param>
    public static async Task HandleAsync(HttpContext context, ReviewConsoleApp app, string basePath, string? path)
    {
        var request = context.Request;
        if (request.Path.Value is { } full && !full.EndsWith('/') && string.IsNullOrEmpty(path) && full.TrimEnd('/') + "/" == basePath)
        {
            // The console's root without its slash: relative links need the slash.
            context.Response.Redirect(basePath);
            return;
        }
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method))
        {
            if (request.ContentLength is > MaxFormBytes || !request.HasFormContentType)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            foreach (var (key, value) in await request.ReadFormAsync(context.RequestAborted)) form[key] = value.ToString();
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.Headers) headers[key] = value.ToString();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) query[key] = value.ToString();
        var remote = context.Connection.RemoteIpAddress;
        var consoleRequest = new ConsoleRequest(request.Method, path ?? "", basePath, $"{request.Scheme}://{request.Host}", query, form, headers,
            remote is not null && IPAddress.IsLoopback(remote));

        var response = await app.HandleAsync(consoleRequest, context.RequestAborted);
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (key, value) in response.Headers) context.Response.Headers[key] = value;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }
}
