using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Node.Peers;

/// <summary>
/// The node's peers: listens on every <c>--addr</c>, dials out for <c>connect</c>, runs the BOLT 8 handshake with a
/// timeout, keeps one <see cref="PeerConnection"/> per node id (a newer connection replaces an older one), routes
/// messages to the components that subscribed to their types, and redials peers we have channels with.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A node component ends with StopAsync, which releases them.")]
public sealed partial class PeerManager : INodeComponent, IPeerNetwork, IPeerConnectionOwner
{
    private readonly PrivateKey _nodeKey;
    private readonly NodeId _localId;
    private readonly IReadOnlyList<HostPort> _listen;
    private readonly ChainHash _chain;
    private readonly IStore _store;
    private readonly NodeStatus _status;
    private readonly Logger _log;
    private readonly TimeProvider _clock;
    private readonly PeerOptions _options;
    private readonly ConcurrentDictionary<NodeId, PeerConnection> _peers = new();
    private readonly ConcurrentDictionary<NodeId, bool> _hasChannels = new();
    private readonly ConcurrentDictionary<NodeId, byte> _reconnecting = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Dictionary<ushort, List<IPeerMessageHandler>> _handlers = [];
    private readonly List<IPeerObserver> _observers = [];
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _pendingHandshakes;

    public PeerManager(PrivateKey nodeKey, IReadOnlyList<HostPort> listen, BitcoinNetwork network, IStore store, NodeStatus status,
        NodeLog log, TimeProvider clock, PeerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(log);
        _nodeKey = nodeKey;
        _localId = new NodeId(nodeKey.PublicKey);
        _listen = listen;
        _chain = network.ChainHash();
        _store = store;
        _status = status;
        _log = log.For("connectd");
        _clock = clock;
        _options = options ?? PeerOptions.Default;
        _pendingHandshakes = new SemaphoreSlim(_options.MaxPendingHandshakes, _options.MaxPendingHandshakes);
    }

    public string Name => "peers";

    /// <summary>The addresses the listener is bound to (port 0 resolved to the real port).</summary>
    public IReadOnlyList<HostPort> Bindings => _status.Bindings;

    public IReadOnlyList<PeerInfo> ConnectedPeers => [.. _peers.Values.Select(p => p.Info).OfType<PeerInfo>()];

    public bool IsConnected(NodeId peer) => _peers.TryGetValue(peer, out var c) && c.Info is not null;

    public void Subscribe(MessageType type, IPeerMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            if (!_handlers.TryGetValue(type.Value, out var list))
                _handlers[type.Value] = list = [];
            list.Add(handler);
        }
    }

    public void AddObserver(IPeerObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_observers)
            _observers.Add(observer);
    }

    public bool TrySend(NodeId peer, IWireMessage message)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(message);
        return _peers.TryGetValue(peer, out var connection) && connection.Info is not null && connection.TrySend(message);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bound = new List<HostPort>();
        foreach (var address in _listen)
        {
            var socket = await BindAsync(address, cancellationToken).ConfigureAwait(false);
            _listeners.Add(socket);
            var local = (IPEndPoint)socket.LocalEndPoint!;
            bound.Add(new HostPort(local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4().ToString() : local.Address.ToString(), (ushort)local.Port));
        }
        _status.Bindings = bound;
        foreach (var (listener, address) in _listeners.Zip(bound))
        {
            _log.Info($"listening on {address}");
            Track(AcceptLoopAsync(listener));
        }

        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var stored in await tx.Peers.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (stored.HasChannels)
                    _hasChannels[stored.Id] = true;
            }
        }
        foreach (var id in _hasChannels.Keys)
            StartReconnect(id);
    }

    private static async Task<Socket> BindAsync(HostPort address, CancellationToken cancellationToken)
    {
        try
        {
            var ip = IPAddress.TryParse(address.Host, out var parsed)
                ? parsed
                : (await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false))[0];
            var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(ip, address.Port));
                socket.Listen(128);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException)
        {
            throw new NodeStartException($"cannot listen on {address}: {e.Message}", e);
        }
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Unusual($"accept failed: {e.Message}");
                continue;
            }
            if (!_pendingHandshakes.Wait(0))
            {
                _log.Unusual($"refusing {socket.RemoteEndPoint}: {_options.MaxPendingHandshakes} handshakes already in progress");
                socket.Dispose();
                continue;
            }
            Track(HandleIncomingAsync(socket));
        }
    }

    private async Task HandleIncomingAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var stream = new NetworkStream(socket, ownsSocket: true);
        Protocol.Transport.TransportCipher cipher;
        try
        {
            socket.NoDelay = true;
            using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, timeout.Token);
            try
            {
                cipher = await PeerHandshake.RespondAsync(stream, _nodeKey, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new PeerConnectException($"handshake not completed within {_options.HandshakeTimeout.TotalSeconds:0.###} seconds");
            }
        }
        catch (Exception e) when (e is PeerConnectException or IOException or SocketException or OperationCanceledException)
        {
            // BOLT #8: "the responder MUST terminate the connection without any further messages."
            _log.Debug($"incoming connection from {remote}: {e.Message}");
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }
        finally
        {
            _pendingHandshakes.Release();
        }

        var address = remote is null ? new HostPort("unknown", 0) : ToHostPort(remote);
        var connection = new PeerConnection(socket, stream, cipher, PeerDirection.Incoming, address, _chain, _options, _clock, _log, this);
        _log.Debug($"{connection.RemoteId}: connected in from {address}");
        await connection.RunAsync(LocalInit(remote)).ConfigureAwait(false);
    }

    private static HostPort ToHostPort(IPEndPoint endpoint) =>
        new(endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4().ToString() : endpoint.Address.ToString(), (ushort)endpoint.Port);

    /// <summary>
    /// Our <c>init</c>: our features, our chain, and for an incoming connection the address we see the peer at.
    /// </summary>
    private InitMessage LocalInit(IPEndPoint? remote) =>
        // BOLT #1: "SHOULD set `networks` to all chains it will gossip or open channels for."
        // BOLT #1: "SHOULD set `remote_addr` to reflect the remote IP address (and port) of an incoming connection,
        // if the node is the receiver and the connection was done via IP."
        new(FeatureBits.Empty, LocalFeatures.Init, [_chain], RemoteAddressDescriptor.For(remote), TlvStream.Empty);

    /// <summary>
    /// Dials <paramref name="id"/> (at <paramref name="address"/>, else at the address we last dialled), completes the
    /// handshake and <c>init</c>, and returns the peer. An already connected peer is returned as it is.
    /// </summary>
    public async Task<PeerInfo> ConnectAsync(NodeId id, HostPort? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id == _localId)
            throw new PeerConnectException("Connecting to ourselves is not supported");
        if (_peers.TryGetValue(id, out var existing) && existing.Info is { } info)
            return info;
        if (address is null)
        {
            await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
            address = (await tx.Peers.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Address
                ?? throw new PeerConnectException($"Unable to connect, no address known for peer {id}: give host and port");
        }

        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream stream;
        Protocol.Transport.TransportCipher cipher;
        try
        {
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, linked.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new PeerConnectException($"{address}: Connection establishment: {e.Message}", e);
            }
            stream = new NetworkStream(socket, ownsSocket: true);
            try
            {
                cipher = await PeerHandshake.InitiateAsync(stream, _nodeKey, id.Key, linked.Token).ConfigureAwait(false);
            }
            catch (PeerConnectException e)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw new PeerConnectException($"{address}: Cryptographic handshake: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw new PeerConnectException($"{address}: Cryptographic handshake: {e.Message}", e);
            }
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            socket.Dispose();
            throw new PeerConnectException($"{address}: no connection within {_options.HandshakeTimeout.TotalSeconds:0.###} seconds", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new PeerConnection(socket, stream, cipher, PeerDirection.Outgoing, address, _chain, _options, _clock, _log, this);
        Track(connection.RunAsync(LocalInit(null)));
        PeerInfo peer;
        try
        {
            peer = await connection.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PeerConnectException e)
        {
            throw new PeerConnectException($"{address}: {e.Message}", e);
        }
        await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await tx.Peers.SetAddressAsync(id, address, CancellationToken.None).ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        _log.Info($"{id}: connected to {address}");
        return peer;
    }

    public void WarnAndDisconnect(NodeId peer, string text)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (_peers.TryGetValue(peer, out var connection))
            connection.Close($"we warned the peer: {text}", new WarningMessage(ChannelId.All, text));
    }

    /// <summary>Closes the connection with <paramref name="id"/>; false when it was not connected.</summary>
    public async Task<bool> DisconnectAsync(NodeId id, string reason)
    {
        if (!_peers.TryGetValue(id, out var connection))
            return false;
        connection.Abort(reason);
        await connection.Completion.WaitAsync(_options.WriteTimeout, _clock).ConfigureAwait(false);
        return true;
    }

    /// <summary>Pings a connected peer; see <see cref="PeerConnection.PingAsync"/>.</summary>
    public Task<int> PingAsync(NodeId id, ushort paddingLength, ushort pongBytes, CancellationToken cancellationToken) =>
        _peers.TryGetValue(id, out var connection) && connection.Info is not null
            ? connection.PingAsync(paddingLength, pongBytes, cancellationToken)
            : throw new PeerConnectException("Peer not connected");

    /// <summary>Whether a later component marked <paramref name="id"/> as a peer we have channels with.</summary>
    public bool HasChannels(NodeId id) => _hasChannels.ContainsKey(id);

    /// <summary>Peers the database knows (for listpeers: those with channels are listed even when disconnected).</summary>
    public async Task<IReadOnlyList<StoredPeer>> ListStoredAsync(CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await tx.Peers.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetHasChannelsAsync(NodeId peer, bool hasChannels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await tx.Peers.SetHasChannelsAsync(peer, hasChannels, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (hasChannels)
        {
            _hasChannels[peer] = true;
            if (!IsConnected(peer))
                StartReconnect(peer);
        }
        else
        {
            _hasChannels.TryRemove(peer, out _);
        }
    }

    async Task IPeerConnectionOwner.OnReadyAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        var info = connection.Info!;
        // A newer connection from the same node replaces the old one.
        PeerConnection? previous = null;
        _peers.AddOrUpdate(connection.RemoteId, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        if (previous is not null && !ReferenceEquals(previous, connection))
            previous.Abort("replaced by a newer connection");
        _status.PeerCount = _peers.Count;
        _log.Info($"{info.Id}: peer connected ({(info.Direction == PeerDirection.Outgoing ? "out" : "in")}, {info.Address})");
        foreach (var observer in Observers())
            await observer.OnConnectedAsync(info, cancellationToken).ConfigureAwait(false);
    }

    async Task<bool> IPeerConnectionOwner.DispatchAsync(PeerConnection connection, IWireMessage message, CancellationToken cancellationToken)
    {
        IPeerMessageHandler[] handlers;
        lock (_handlers)
            handlers = _handlers.TryGetValue(message.Type.Value, out var list) ? [.. list] : [];
        foreach (var handler in handlers)
            await handler.HandleAsync(connection.RemoteId, message, cancellationToken).ConfigureAwait(false);
        return handlers.Length > 0;
    }

    async Task IPeerConnectionOwner.OnClosedAsync(PeerConnection connection)
    {
        var wasCurrent = _peers.TryRemove(new KeyValuePair<NodeId, PeerConnection>(connection.RemoteId, connection));
        _status.PeerCount = _peers.Count;
        if (!wasCurrent || connection.Info is null)
            return;
        _log.Info($"{connection.RemoteId}: peer disconnected: {connection.CloseReason}");
        foreach (var observer in Observers())
        {
            try
            {
                await observer.OnDisconnectedAsync(connection.RemoteId, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An observer failing must not stop the others from hearing of the disconnection.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.Broken($"{connection.RemoteId}: disconnect observer failed: {e.Message}");
            }
        }
        if (HasChannels(connection.RemoteId))
            StartReconnect(connection.RemoteId);
    }

    private IPeerObserver[] Observers()
    {
        lock (_observers)
            return [.. _observers];
    }

    private void Track(Task task)
    {
        _running[task] = 0;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
            listener.Dispose();
        foreach (var connection in _peers.Values)
            connection.Abort("shutting down");
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(10), _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Unusual("some peer connections did not close within 10 seconds");
        }
#pragma warning disable CA1031 // Shutting down: failures of single connections were logged where they happened.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        _status.Bindings = [];
        _status.PeerCount = 0;
        _pendingHandshakes.Dispose();
    }
}
