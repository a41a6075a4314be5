using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulgur.Demo;

/// <summary>An RPC answered with an error object; the demo reports it as the step's failure.</summary>
internal sealed class RpcFailure(string method, JsonNode? error) : Exception($"{method}: {error?.ToJsonString()}")
{
    public int Code => error?["code"]?.GetValue<int>() ?? 0;

    public string ErrorMessage => error?["message"]?.GetValue<string>() ?? "";

    /// <summary>The error's <c>data</c>: for sendpay's 203/204, the routing failure object.</summary>
    public JsonNode? FailureData => error?["data"];
}

/// <summary>fulgurd's JSON-RPC over its Unix socket (interfaces.md §4): one request, one answer ending in "\n\n".</summary>
internal sealed class LightningRpc(string socketPath)
{
    private int _id;

    public string SocketPath => socketPath;

    public async Task<JsonNode> CallAsync(string method, JsonObject? parameters = null, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _id),
            ["method"] = method,
            ["params"] = parameters ?? [],
        };
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && text.Length > 0)
                break;
            text.AppendLine(line);
        }
        var response = JsonNode.Parse(text.ToString()) ?? throw new RpcFailure(method, null);
        return response["error"] is { } error ? throw new RpcFailure(method, error) : response["result"]!;
    }
}

/// <summary>fulgur-devchain's bitcoind-style JSON-RPC over HTTP with basic auth (interfaces.md §3).</summary>
internal sealed class BitcoinRpc(HttpClient http, Uri endpoint, string user, string password)
{
    public async Task<JsonNode?> CallAsync(string method, params object[] parameters)
    {
        var body = JsonSerializer.Serialize(new { jsonrpc = "1.0", id = "demo", method, @params = parameters });
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["error"] is { } error && error.GetValueKind() != JsonValueKind.Null ? throw new RpcFailure(method, error) : json?["result"];
    }
}
