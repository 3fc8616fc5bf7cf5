using System.Net;
using FunctionsPipeline.Core.Hosting;
using FunctionsPipeline.Core.ReviewConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The review console for <c>fp serve</c> and <c>fp demo</c>: Kestrel on the loopback address only, at <c>/console/</c>,
/// over the same <see cref="ReviewConsoleHttp"/> mapping as the Functions app. The development identity works only here.
/// </summary>
public sealed class LocalConsoleServer : IAsyncDisposable
{
    public const string BasePath = "/console/";

    private readonly WebApplication _web;

    private LocalConsoleServer(WebApplication web, Uri url)
    {
        _web = web;
        Url = url;
    }

    /// <summary>The console's address, e.g. <c>http://127.0.0.1:7080/console/</c>.</summary>
    public Uri Url { get; }

    /// <param name="port">0 for any free port.</param>
    public static async Task<LocalConsoleServer> StartAsync(ReviewConsoleApp console, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        web.Map("/console", (HttpContext context) => ReviewConsoleHttp.HandleAsync(context, console, BasePath, null));
        web.Map("/console/{**path}", (HttpContext context, string? path) => ReviewConsoleHttp.HandleAsync(context, console, BasePath, path));
        await web.StartAsync(cancellationToken);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalConsoleServer(web, new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), BasePath));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _web.StopAsync(timeout.Token);
        await _web.DisposeAsync();
    }
}
