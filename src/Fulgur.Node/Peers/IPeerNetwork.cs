using Fulgur.Node.Config;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Peers;

/// <summary>Which side opened a connection, as <c>connect</c> reports it (<c>out</c>/<c>in</c>).</summary>
public enum PeerDirection
{
    Outgoing,
    Incoming,
}

/// <summary>A connected peer after the <c>init</c> exchange.</summary>
/// <param name="Features">The peer's <c>init</c> features (global and local combined).</param>
public sealed record PeerInfo(NodeId Id, PeerDirection Direction, HostPort Address, FeatureBits Features);

/// <summary>
/// Handles one or more message types from peers. Messages from one peer arrive in order, one at a time (the next is
/// read only when this returns); different peers run concurrently. An exception disconnects that peer.
/// </summary>
public interface IPeerMessageHandler
{
    Task HandleAsync(NodeId peer, IWireMessage message, CancellationToken cancellationToken);
}

/// <summary>Told when a peer finished <c>init</c> and when its connection ended.</summary>
public interface IPeerObserver
{
    Task OnConnectedAsync(PeerInfo peer, CancellationToken cancellationToken);

    Task OnDisconnectedAsync(NodeId peer, CancellationToken cancellationToken);
}

/// <summary>
/// What later components (channels, gossip) see of the peer layer: subscribe to message types, send to a peer, learn
/// about connections, and ask for automatic reconnection to peers they have channels with.
/// </summary>
public interface IPeerNetwork
{
    /// <summary>Routes messages of <paramref name="type"/> to <paramref name="handler"/>. Subscribe while the node is composed.</summary>
    void Subscribe(MessageType type, IPeerMessageHandler handler);

    void AddObserver(IPeerObserver observer);

    /// <summary>Queues <paramref name="message"/> for <paramref name="peer"/>; false when the peer is not connected.</summary>
    bool TrySend(NodeId peer, IWireMessage message);

    bool IsConnected(NodeId peer);

    /// <summary>Sends <paramref name="peer"/> a <c>warning</c> with <paramref name="text"/> and then closes the connection (BOLT 1, BOLT 7).</summary>
    void WarnAndDisconnect(NodeId peer, string text);

    IReadOnlyList<PeerInfo> ConnectedPeers { get; }

    /// <summary>
    /// Marks <paramref name="peer"/> as one we have channels with: it is then redialled (with backoff) whenever it is
    /// disconnected and after a restart, at the address we last dialled. Persisted.
    /// </summary>
    Task SetHasChannelsAsync(NodeId peer, bool hasChannels, CancellationToken cancellationToken);
}
