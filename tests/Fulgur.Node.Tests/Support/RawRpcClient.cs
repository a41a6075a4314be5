using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Fulgur.Node.Tests.Support;

/// <summary>A bare Unix-socket client: writes raw bytes, reads responses split on the "\n\n" that ends each one.</summary>
public sealed class RawRpcClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    private RawRpcClient(Socket socket) => _socket = socket;

    public static async Task<RawRpcClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return new RawRpcClient(socket);
    }

    public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    public static string Request(object id, string method, string parameters = "[]") =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{JsonSerializer.Serialize(id)},\"method\":\"{method}\",\"params\":{parameters}}}";

    /// <summary>The next response (the text before "\n\n"), or null when the server closed the connection.</summary>
    public async Task<string?> ReadRawAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        while (true)
        {
            var end = IndexOfSeparator();
            if (end >= 0)
            {
                var text = Encoding.UTF8.GetString([.. _pending.Take(end)]);
                _pending.RemoveRange(0, end + 2);
                return text;
            }
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (read == 0)
                return null;
            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    public async Task<JsonElement> ReadAsync(TimeSpan? timeout = null)
    {
        var raw = await ReadRawAsync(timeout) ?? throw new IOException("connection closed before a response");
        using var doc = JsonDocument.Parse(raw);
        return doc.RootElement.Clone();
    }

    /// <summary>True once the server has closed its side (reads return 0).</summary>
    public async Task<bool> IsClosedAsync(TimeSpan? timeout = null) => await ReadRawAsync(timeout) is null;

    private int IndexOfSeparator()
    {
        for (var i = 0; i + 1 < _pending.Count; i++)
        {
            if (_pending[i] == '\n' && _pending[i + 1] == '\n')
                return i;
        }
        return -1;
    }

    public void Shutdown() => _socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => _socket.Dispose();
}
