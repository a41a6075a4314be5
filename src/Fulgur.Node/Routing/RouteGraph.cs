using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// The writer's side of the channel graph: channels with their two directions, changed one update at a time by a
/// single owner (gossip later, <see cref="RouteTable"/> now). Readers never see it: <see cref="Snapshot"/> returns an
/// immutable <see cref="GraphSnapshot"/> with compact arrays, rebuilt on the first read after a change and shared by
/// every reader until the next change (copy-on-write at snapshot granularity: a rebuild of the mainnet graph takes
/// milliseconds, which is cheap next to the rate at which gossip changes it, and readers never lock).
/// Not thread-safe for writers: one owner mutates it.
/// </summary>
public sealed class RouteGraph
{
    private readonly Dictionary<NodeId, int> _nodeIndex = [];
    private readonly List<NodeId> _nodes = [];
    private readonly Dictionary<ShortChannelId, ChannelRecord> _channels = [];
    private GraphSnapshot? _snapshot;

    public int NodeCount => _nodes.Count;

    public int ChannelCount => _channels.Count;

    /// <summary>Incremented on every change, so that views derived from a snapshot know when to rebuild.</summary>
    public long Version { get; private set; }

    /// <summary>Adds a channel (or changes its endpoints/capacity); its directions start unknown (unusable).</summary>
    public void AddChannel(ShortChannelId channel, NodeId nodeA, NodeId nodeB, MilliSatoshi capacity)
    {
        ArgumentNullException.ThrowIfNull(nodeA);
        ArgumentNullException.ThrowIfNull(nodeB);
        if (nodeA == nodeB)
            throw new ArgumentException("a channel joins two different nodes", nameof(nodeB));
        // BOLT #7: "MUST set `node_id_1` and `node_id_2` to the public keys of the two nodes operating the channel,
        // such that `node_id_1` is the lexicographically-lesser of the two compressed keys sorted in ascending
        // lexicographic order."
        var (node1, node2) = nodeA < nodeB ? (nodeA, nodeB) : (nodeB, nodeA);
        var record = new ChannelRecord(IndexOf(node1), IndexOf(node2), capacity);
        if (_channels.TryGetValue(channel, out var existing) && existing.Node1 == record.Node1 && existing.Node2 == record.Node2)
        {
            record.Directions[0] = existing.Directions[0];
            record.Directions[1] = existing.Directions[1];
        }
        _channels[channel] = record;
        Changed();
    }

    /// <summary>Applies a direction's update when it is newer than the one held; false when unknown channel or stale.</summary>
    public bool UpdateDirection(ChannelDirectionUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_channels.TryGetValue(update.Channel, out var record))
            return false;
        var held = record.Directions[(int)update.Direction];
        // BOLT #7: "if `timestamp` is lower than that of the last-received `channel_update` for this
        // `short_channel_id` AND for `node_id`: SHOULD ignore the message." An equal timestamp is ignored too
        // (the same update again, or one we may not trust).
        if (held is not null && update.Timestamp <= held.Timestamp)
            return false;
        record.Directions[(int)update.Direction] = update;
        Changed();
        return true;
    }

    /// <summary>
    /// Sets a direction whatever its timestamp: for our own channels, whose direction out of this node follows what we
    /// know directly (peer connected, balance) rather than the newest gossip. False when the channel is unknown.
    /// </summary>
    public bool SetDirection(ChannelDirectionUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_channels.TryGetValue(update.Channel, out var record))
            return false;
        if (record.Directions[(int)update.Direction] == update)
            return true;
        record.Directions[(int)update.Direction] = update;
        Changed();
        return true;
    }

    /// <summary>Whether the channel is in the graph with these ends and capacity.</summary>
    public bool Contains(ShortChannelId channel, NodeId nodeA, NodeId nodeB, MilliSatoshi capacity) =>
        _channels.TryGetValue(channel, out var record) && record.Capacity == capacity
        && ((_nodes[record.Node1] == nodeA && _nodes[record.Node2] == nodeB) || (_nodes[record.Node1] == nodeB && _nodes[record.Node2] == nodeA));

    /// <summary>Marks one direction disabled (as a <c>channel_update</c> with the disable bit would).</summary>
    public bool Disable(ShortChannelId channel, ChannelDirection direction)
    {
        if (!_channels.TryGetValue(channel, out var record) || record.Directions[(int)direction] is not { } held)
            return false;
        record.Directions[(int)direction] = held with { Policy = held.Policy with { Disabled = true } };
        Changed();
        return true;
    }

    public bool RemoveChannel(ShortChannelId channel)
    {
        if (!_channels.Remove(channel))
            return false;
        Changed();
        return true;
    }

    public bool TryGetDirection(ShortChannelId channel, ChannelDirection direction, out ChannelDirectionUpdate? update)
    {
        update = _channels.TryGetValue(channel, out var record) ? record.Directions[(int)direction] : null;
        return update is not null;
    }

    /// <summary>The endpoints of a channel, as (node_id_1, node_id_2).</summary>
    public bool TryGetEndpoints(ShortChannelId channel, out NodeId? node1, out NodeId? node2)
    {
        if (_channels.TryGetValue(channel, out var record))
        {
            (node1, node2) = (_nodes[record.Node1], _nodes[record.Node2]);
            return true;
        }
        (node1, node2) = (null, null);
        return false;
    }

    /// <summary>The current immutable view (shared until the next change).</summary>
    public GraphSnapshot Snapshot() => _snapshot ??= Build(null);

    /// <summary>
    /// A view in which <paramref name="overlay"/>'s updates replace the graph's when newer (updates learnt from
    /// payment failures, which BOLT #4 lets us use for routing but not apply to the gossip graph).
    /// </summary>
    public GraphSnapshot SnapshotWith(IReadOnlyDictionary<(ShortChannelId, ChannelDirection), ChannelDirectionUpdate> overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        return overlay.Count == 0 ? Snapshot() : Build(overlay);
    }

    private void Changed()
    {
        _snapshot = null;
        Version++;
    }

    private int IndexOf(NodeId node)
    {
        if (!_nodeIndex.TryGetValue(node, out var index))
        {
            index = _nodes.Count;
            _nodes.Add(node);
            _nodeIndex.Add(node, index);
        }
        return index;
    }

    private GraphSnapshot Build(IReadOnlyDictionary<(ShortChannelId, ChannelDirection), ChannelDirectionUpdate>? overlay)
    {
        var nodeCount = _nodes.Count;
        var scids = new ShortChannelId[_channels.Count];
        var halves = new HalfChannel[_channels.Count * 2];
        var channelIndex = new Dictionary<ShortChannelId, int>(_channels.Count);
        var inStart = new int[nodeCount + 1];
        var i = 0;
        foreach (var (scid, record) in _channels)
        {
            scids[i] = scid;
            channelIndex.Add(scid, i);
            for (var d = 0; d < 2; d++)
            {
                var source = d == 0 ? record.Node1 : record.Node2;
                var dest = d == 0 ? record.Node2 : record.Node1;
                var update = record.Directions[d];
                if (overlay is not null && overlay.TryGetValue((scid, (ChannelDirection)d), out var newer)
                    && (update is null || newer.Timestamp > update.Timestamp))
                    update = newer;
                var policy = update?.Policy ?? default;
                var usable = update is not null && !policy.Disabled;
                halves[(2 * i) + d] = new HalfChannel(source, dest, record.Capacity.Value, policy.HtlcMinimum.Value,
                    policy.HtlcMaximum.Value, policy.FeeBase.Value, policy.FeeProportionalMillionths, policy.CltvExpiryDelta, usable);
                if (usable)
                    inStart[dest + 1]++;
            }
            i++;
        }
        for (var n = 0; n < nodeCount; n++)
            inStart[n + 1] += inStart[n];
        var incoming = new int[inStart[nodeCount]];
        var fill = new int[nodeCount];
        for (var h = 0; h < halves.Length; h++)
        {
            if (!halves[h].Usable)
                continue;
            var dest = halves[h].Destination;
            incoming[inStart[dest] + fill[dest]++] = h;
        }
        return new GraphSnapshot([.. _nodes], new Dictionary<NodeId, int>(_nodeIndex), scids, channelIndex, halves, inStart, incoming);
    }

    private sealed class ChannelRecord(int node1, int node2, MilliSatoshi capacity)
    {
        public int Node1 { get; } = node1;

        public int Node2 { get; } = node2;

        public MilliSatoshi Capacity { get; } = capacity;

        public ChannelDirectionUpdate?[] Directions { get; } = new ChannelDirectionUpdate?[2];
    }
}
