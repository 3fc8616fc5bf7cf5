using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.ReviewConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsPipeline.Functions;

/// <summary>
/// The review console at <c>/api/console/</c>. Anonymous at the function level on purpose: App Service authentication
/// (Microsoft Entra ID, infra/) stands in front of the app and the console trusts only the principal it passes
/// (<see cref="ReviewerSignIn"/>).
/// </summary>
public sealed class ReviewConsole(ReviewConsoleApp console)
{
    public const string BasePath = "/api/console/";

    [Function(nameof(ReviewConsole))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "console/{*path}")] HttpRequest request, string? path)
    {
        await ReviewConsoleHttp.HandleAsync(request.HttpContext, console, BasePath, path);
        return new EmptyResult();
    }
}
