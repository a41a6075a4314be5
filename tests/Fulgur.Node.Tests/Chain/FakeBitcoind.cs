using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Fulgur.Node.Tests.Chain;

/// <summary>
/// A minimal HTTP JSON-RPC server standing in for bitcoind: checks basic auth, records requests and answers each
/// method from <see cref="Handlers"/> (a JSON result, or an error object with bitcoind's HTTP 500).
/// </summary>
internal sealed class FakeBitcoind : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeBitcoind(string user, string password)
    {
        ExpectedAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(RunAsync);
    }

    public int Port { get; }

    public string ExpectedAuth { get; set; }

    public Dictionary<string, Func<JsonElement, (string? Result, int? ErrorCode, string? ErrorMessage)>> Handlers { get; } = [];

    public List<string> Methods { get; } = [];

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task RunAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            var auth = context.Request.Headers["Authorization"];
            if (auth != "Basic " + ExpectedAuth)
            {
                response.StatusCode = 401;
                continue;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
            var method = request.RootElement.GetProperty("method").GetString()!;
            var id = request.RootElement.GetProperty("id").GetRawText();
            lock (Methods)
                Methods.Add(method);
            string body;
            if (!Handlers.TryGetValue(method, out var handler))
            {
                response.StatusCode = 404;
                body = $$"""{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":{{id}}}""";
            }
            else
            {
                var (result, code, message) = handler(request.RootElement.GetProperty("params"));
                if (code is { } c)
                {
                    response.StatusCode = 500;
                    body = $$"""{"result":null,"error":{"code":{{c}},"message":{{JsonSerializer.Serialize(message)}}},"id":{{id}}}""";
                }
                else
                {
                    body = $$"""{"result":{{result}},"error":null,"id":{{id}}}""";
                }
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // Closed.
        }
    }
}
