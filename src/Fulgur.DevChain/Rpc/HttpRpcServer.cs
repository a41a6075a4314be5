using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulgur.DevChain.Rpc;

/// <summary>
/// bitcoind's HTTP JSON-RPC front (httprpc.cpp): POST only, HTTP basic auth, JSON-RPC 1.0 and 2.0 bodies and batch
/// arrays. Legacy (1.0) errors carry bitcoind's HTTP statuses (500, or 400/404 for invalid request/unknown method);
/// JSON-RPC 2.0 replies are always 200, and 2.0 notifications (no id) get 204.
/// </summary>
internal sealed class HttpRpcServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ChainRpc _rpc;
    private readonly byte[] _credentials;
    private int _inFlight;

    public HttpRpcServer(string bind, int port, string user, string password, ChainRpc rpc)
    {
        _rpc = rpc;
        _credentials = Encoding.UTF8.GetBytes(user + ":" + password);
        var host = bind is "0.0.0.0" or "::" ? "*" : bind.Contains(':', StringComparison.Ordinal) ? $"[{bind}]" : bind;
        _listener.Prefixes.Add($"http://{host}:{port}/");
    }

    public void Start() => _listener.Start();

    /// <summary>Serves requests until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _listener.Stop());
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleAsync(context).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Requests still being answered (the stop reply among them).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (!IsAuthorized(context.Request.Headers["Authorization"]))
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                response.Close();
                return;
            }
            if (!string.Equals(context.Request.HttpMethod, "POST", StringComparison.Ordinal))
            {
                await WriteAsync(response, 405, "JSONRPC server handles only POST requests").ConfigureAwait(false);
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var (status, reply) = Dispatch(body);
            if (reply is null)
            {
                response.StatusCode = status;
                response.Close();
                return;
            }
            response.ContentType = "application/json";
            await WriteAsync(response, status, reply.ToJsonString() + "\n").ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // The client went away; nothing to answer.
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private bool IsAuthorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        var given = new byte[header.Length];
        if (!Convert.TryFromBase64String(header[6..].Trim(), given, out var length))
            return false;
        return CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), _credentials);
    }

    /// <summary>One HTTP body in, the HTTP status and JSON reply out (null: nothing to send).</summary>
    internal (int Status, JsonNode? Reply) Dispatch(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (500, Legacy(null, null, ErrorObject(RpcErrorCode.ParseError, "Parse error")));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var (status, reply) = Single(root);
                return (status, reply);
            }
            if (root.ValueKind == JsonValueKind.Array)
            {
                var replies = new JsonArray();
                foreach (var item in root.EnumerateArray())
                {
                    var (_, reply) = Single(item);
                    if (reply is not null)
                        replies.Add(reply);
                }
                return (200, replies);
            }
            return (500, Legacy(null, null, ErrorObject(RpcErrorCode.ParseError, "Top-level object parse error")));
        }
    }

    private (int Status, JsonNode? Reply) Single(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
            return (400, Legacy(null, null, ErrorObject(RpcErrorCode.InvalidRequest, "Invalid Request object")));
        var hasId = request.TryGetProperty("id", out var idElement);
        var id = hasId ? JsonNode.Parse(idElement.GetRawText()) : null;
        var version2 = request.TryGetProperty("jsonrpc", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "2.0";
        if (!request.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            return Reply(version2, id, null, ErrorObject(RpcErrorCode.InvalidRequest, "Method must be a string"), RpcErrorCode.InvalidRequest);
        JsonElement? parameters = request.TryGetProperty("params", out var p) ? p : null;
        if (parameters is { ValueKind: not (JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Null) })
            return Reply(version2, id, null, ErrorObject(RpcErrorCode.InvalidRequest, "Params must be an array or object"), RpcErrorCode.InvalidRequest);
        try
        {
            var result = _rpc.Call(methodElement.GetString()!, parameters);
            if (version2 && !hasId)
                return (204, null);
            return Reply(version2, id, result, null, 0);
        }
        catch (RpcException e)
        {
            if (version2 && !hasId)
                return (204, null);
            return Reply(version2, id, null, ErrorObject(e.Code, e.Message), e.Code);
        }
    }

    private static (int, JsonNode) Reply(bool version2, JsonNode? id, JsonNode? result, JsonObject? error, int code)
    {
        if (version2)
        {
            var reply = new JsonObject { ["jsonrpc"] = "2.0" };
            if (error is null)
                reply["result"] = result;
            else
                reply["error"] = error;
            reply["id"] = id;
            return (200, reply);
        }
        var status = error is null ? 200 : code switch
        {
            RpcErrorCode.InvalidRequest => 400,
            RpcErrorCode.MethodNotFound => 404,
            _ => 500,
        };
        return (status, Legacy(result, id, error));
    }

    private static JsonObject Legacy(JsonNode? result, JsonNode? id, JsonObject? error) =>
        new() { ["result"] = result, ["error"] = error, ["id"] = id };

    private static JsonObject ErrorObject(int code, string message) => new() { ["code"] = code, ["message"] = message };

    public void Dispose() => ((IDisposable)_listener).Dispose();
}
