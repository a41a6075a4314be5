using Fulgur.Node.Config;

namespace Fulgur.Node;

/// <summary>Channel counts as getinfo reports them.</summary>
public readonly record struct ChannelCounts(int Pending, int Active, int Inactive);

/// <summary>
/// Live figures other components publish and getinfo reads: the peer manager sets peers, channels and bound listen
/// addresses, the chain watcher sets the block height. Until those components exist the figures are truly zero/empty.
/// </summary>
public sealed class NodeStatus
{
    private volatile int _peerCount;
    private volatile uint _blockHeight;
    private ChannelCounts _channels;
    private IReadOnlyList<HostPort> _bindings = [];
    private readonly Lock _lock = new();

    public int PeerCount { get => _peerCount; set => _peerCount = value; }

    public uint BlockHeight { get => _blockHeight; set => _blockHeight = value; }

    public ChannelCounts Channels
    {
        get { lock (_lock) return _channels; }
        set { lock (_lock) _channels = value; }
    }

    /// <summary>Addresses the peer listener is actually bound to.</summary>
    public IReadOnlyList<HostPort> Bindings
    {
        get { lock (_lock) return _bindings; }
        set { lock (_lock) _bindings = value ?? []; }
    }
}
