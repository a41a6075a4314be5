using System.Net.Sockets;
using Fulgur.Node.Logging;

namespace Fulgur.Node.Rpc;

/// <summary>
/// JSON-RPC over a Unix socket (interfaces.md §4): created with mode 0600, many connections at once, requests read
/// back to back without delimiters and answered as each finishes, each response followed by a blank line.
/// </summary>
public sealed class RpcServer : IAsyncDisposable
{
    /// <summary>How long a stop waits for in-flight requests (already cancelled) to write their answers.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly RpcDispatcher _dispatcher;
    private readonly Logger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<RpcConnection> _connections = [];
    private readonly Lock _lock = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private string? _path;

    public RpcServer(RpcDispatcher dispatcher, Logger log)
    {
        _dispatcher = dispatcher;
        _log = log;
    }

    /// <summary>Binds and listens; when this returns, the socket answers.</summary>
    public void Start(string socketPath)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        if (_listener is not null)
            throw new InvalidOperationException("already started");
        // The caller holds the node's lock file, so a socket file left here belongs to a dead daemon.
        if (File.Exists(socketPath))
        {
            // A socket file has no length; anything with content is somebody's file, not ours to delete.
            if (new FileInfo(socketPath).Length > 0)
                throw new IOException($"{socketPath} exists and is not a socket");
            File.Delete(socketPath);
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            // Mode 0600 before listen(): nobody else can connect in between.
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _path = socketPath;
        _acceptLoop = AcceptLoopAsync(listener);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (!_stopping.IsCancellationRequested)
                    _log.Broken($"accept failed: {e.Message}");
                return;
            }
            var connection = new RpcConnection(socket, _dispatcher, _log, _stopping.Token);
            lock (_lock)
                _connections.Add(connection);
            _ = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(RpcConnection connection)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
                _connections.Remove(connection);
            connection.Dispose();
        }
    }

    /// <summary>
    /// Stops accepting, cancels running commands, lets their answers (and the <c>stop</c> command's) be written,
    /// then closes every connection and removes the socket file.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        RpcConnection[] open;
        lock (_lock)
            open = [.. _connections];
        await Task.WhenAll(open.Select(c => c.DrainAsync(DrainTimeout))).ConfigureAwait(false);
        foreach (var c in open)
            c.Close();
        if (_path is not null)
        {
            try
            {
                File.Delete(_path);
            }
            catch (IOException e)
            {
                _log.Unusual($"could not remove {_path}: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
