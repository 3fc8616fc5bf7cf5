using System.Net;
using System.Net.Sockets;

namespace FunctionsPipeline.Tests.Support;

/// <summary>Free loopback ports: for a listener a test starts, or for an endpoint that is down (nothing listens there).</summary>
internal static class FreePort
{
    /// <summary>A loopback port nothing listened on at the time of the call (the OS picks it; it is released again at once).</summary>
    public static int OnLoopback()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
