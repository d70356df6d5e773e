using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using PostOffice.Gateway.Transport;

namespace PostOffice.Server.Hosting;

/// <summary>MQTT over WebSocket on the HTTP port, for browsers (MQTT 5.0 §6).</summary>
public static class MqttWebSocketEndpoint
{
    /// <summary>Subprotocols accepted, in order of preference: "mqtt" (MQTT 3.1.1 and 5.0), "mqttv3.1" (older clients).</summary>
    private static readonly string[] SubProtocols = ["mqtt", "mqttv3.1"];

    /// <summary>
    /// Maps <paramref name="path"/> (conventionally "/mqtt") to MQTT over WebSocket. Only WebSocket requests offering
    /// one of the MQTT subprotocols are accepted ([MQTT-6.0.0-3]), and the answer names the one chosen
    /// ([MQTT-6.0.0-4]). Needs the WebSockets middleware (<c>app.UseWebSockets()</c>) ahead of routing.
    /// </summary>
    public static IEndpointConventionBuilder MapMqttWebSocket(this IEndpointRouteBuilder endpoints, string path, Func<IMqttConnectionHandler> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.Map(path, context => AcceptAsync(context, handler));
    }

    private static async Task AcceptAsync(HttpContext context, Func<IMqttConnectionHandler> handler)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = Array.Find(SubProtocols, candidate => offered.Contains(candidate, StringComparer.OrdinalIgnoreCase));
        if (subProtocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // MQTT has its own keep-alive (PINGREQ), so the WebSocket one would only add a timer per connection.
        using var webSocket = await context.WebSockets.AcceptWebSocketAsync(
            new WebSocketAcceptContext { SubProtocol = subProtocol, KeepAliveInterval = TimeSpan.Zero });
        var remote = context.Connection.RemoteIpAddress is { } address
            ? new IPEndPoint(address, context.Connection.RemotePort)
            : null;
        var connection = new WebSocketTransportConnection(webSocket, remote);
        await using (connection)
        {
            await handler().RunAsync(connection);
        }
    }
}
