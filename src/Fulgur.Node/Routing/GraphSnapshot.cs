using System.Runtime.InteropServices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>One direction of a channel in compact form: node indexes and the policy in plain integers.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct HalfChannel(
    int Source,
    int Destination,
    long CapacityMsat,
    long HtlcMinimumMsat,
    long HtlcMaximumMsat,
    long FeeBaseMsat,
    uint FeeProportionalMillionths,
    int CltvExpiryDelta,
    bool Usable);

/// <summary>
/// An immutable, array-based view of the graph for route finding. Nodes are ints <c>0..NodeCount-1</c>; channel
/// <c>c</c> has half-channels <c>2c</c> (direction 0, from node_id_1) and <c>2c+1</c> (direction 1). Incoming
/// usable half-channels per node are stored CSR-style: <c>Incoming[InStart[n]..InStart[n+1]]</c>.
/// </summary>
public sealed class GraphSnapshot
{
    private readonly NodeId[] _nodes;
    private readonly Dictionary<NodeId, int> _nodeIndex;
    private readonly ShortChannelId[] _channels;
    private readonly Dictionary<ShortChannelId, int> _channelIndex;
    private readonly HalfChannel[] _halves;
    private readonly int[] _inStart;
    private readonly int[] _incoming;

    internal GraphSnapshot(NodeId[] nodes, Dictionary<NodeId, int> nodeIndex, ShortChannelId[] channels,
        Dictionary<ShortChannelId, int> channelIndex, HalfChannel[] halves, int[] inStart, int[] incoming)
    {
        _nodes = nodes;
        _nodeIndex = nodeIndex;
        _channels = channels;
        _channelIndex = channelIndex;
        _halves = halves;
        _inStart = inStart;
        _incoming = incoming;
    }

    public int NodeCount => _nodes.Length;

    public int ChannelCount => _channels.Length;

    public int UsableDirectionCount => _incoming.Length;

    public NodeId NodeAt(int index) => _nodes[index];

    public bool TryGetNode(NodeId node, out int index) => _nodeIndex.TryGetValue(node, out index);

    public ShortChannelId ChannelOf(int halfChannel) => _channels[halfChannel >> 1];

    public static ChannelDirection DirectionOf(int halfChannel) => (ChannelDirection)(halfChannel & 1);

    public bool TryGetHalfChannel(ShortChannelId channel, ChannelDirection direction, out int halfChannel)
    {
        if (_channelIndex.TryGetValue(channel, out var c))
        {
            halfChannel = (2 * c) + (int)direction;
            return true;
        }
        halfChannel = -1;
        return false;
    }

    public ref readonly HalfChannel Half(int halfChannel) => ref _halves[halfChannel];

    internal ReadOnlySpan<HalfChannel> Halves => _halves;

    /// <summary>The usable half-channels arriving at <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> IncomingOf(int node) => _incoming.AsSpan(_inStart[node], _inStart[node + 1] - _inStart[node]);
}
