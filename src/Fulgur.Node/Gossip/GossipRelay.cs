using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

/// <summary>
/// One gossip message waiting to be relayed: who gave it to us (not sent back there; null for our own) and its
/// timestamp for filters.
/// </summary>
public sealed record PendingGossip(IWireMessage Message, NodeId? Origin, GossipTimestamp Timestamp)
{
    /// <summary>
    /// Our own gossip, sent to every peer whatever its filter.
    /// </summary>
    // BOLT #7: "SHOULD send gossip messages as it generates them regardless of `timestamp`."
    public bool IsOwn => Origin is null;
}

/// <summary>A peer's <c>gossip_timestamp_filter</c>: the timestamps it wants, <c>[First, First + Range)</c>.</summary>
public readonly record struct TimestampFilter(GossipTimestamp First, uint Range)
{
    /// <summary>Before a peer sends a filter, nothing relayed goes to it (only our own gossip).</summary>
    // BOLT #7: "MUST NOT relay any gossip messages it did not generate itself, unless explicitly requested."
    public static readonly TimestampFilter None = new(new GossipTimestamp(uint.MaxValue), 0);

    // BOLT #7: "SHOULD restrict future gossip messages to those whose `timestamp` is greater or equal to
    // `first_timestamp`, and less than `first_timestamp` plus `timestamp_range`."
    public bool Admits(GossipTimestamp timestamp) =>
        timestamp >= First && (ulong)timestamp.Value < (ulong)First.Value + Range;
}

/// <summary>
/// Gossip waiting for the next flush. Messages are keyed (a channel, a channel direction, a node), so a newer update
/// replaces the one still waiting: between two flushes at most one message per key goes out, which is the rate limit
/// per channel direction and per node. The flush timer staggers relay (BOLT 7: flush on a timer, independently of
/// arrival times); <see cref="Flush"/> sends each peer what its filter admits, at most <c>perPeerLimit</c> messages per
/// flush, and keeps the rest for the next one. Pure: its owner serializes access.
/// </summary>
public sealed class GossipRelay
{
    private readonly Dictionary<RelayKey, PendingGossip> _pending = [];
    private readonly List<RelayKey> _order = [];
    private readonly Dictionary<NodeId, Dictionary<RelayKey, PendingGossip>> _backlog = [];

    public int Count => _pending.Count;

    /// <summary>Some peer still has messages held back by the per-flush limit.</summary>
    public bool HasBacklog => _backlog.Count > 0;

    /// <summary>Queues a message to relay; a message with the same key waiting from before is replaced.</summary>
    public void Enqueue(PendingGossip gossip)
    {
        ArgumentNullException.ThrowIfNull(gossip);
        var key = RelayKey.Of(gossip.Message);
        if (!_pending.ContainsKey(key))
            _order.Add(key);
        _pending[key] = gossip;
    }

    /// <summary>
    /// What to send now: for each peer (with its filter, <see cref="TimestampFilter.None"/> when it sent none), our own
    /// waiting messages and those its filter admits that did not come from it,
    /// announcements before the updates that need them, nodes last, at most <paramref name="perPeerLimit"/> each.
    /// </summary>
    public IReadOnlyDictionary<NodeId, IReadOnlyList<IWireMessage>> Flush(IReadOnlyDictionary<NodeId, TimestampFilter> peers,
        int perPeerLimit)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var batch = _order.Select(k => (Key: k, Gossip: _pending[k])).ToList();
        _pending.Clear();
        _order.Clear();
        var result = new Dictionary<NodeId, IReadOnlyList<IWireMessage>>();
        foreach (var (peer, filter) in peers)
        {
            var backlog = _backlog.TryGetValue(peer, out var b) ? b : [];
            foreach (var (key, gossip) in batch)
            {
                if (gossip.Origin != peer && (gossip.IsOwn || filter.Admits(gossip.Timestamp)))
                    backlog[key] = gossip;
            }
            var messages = new List<IWireMessage>();
            foreach (var key in backlog.Keys.Order().Take(perPeerLimit).ToList())
            {
                messages.Add(backlog[key].Message);
                backlog.Remove(key);
            }
            if (backlog.Count > 0)
                _backlog[peer] = backlog;
            else
                _backlog.Remove(peer);
            if (messages.Count > 0)
                result[peer] = messages;
        }
        foreach (var gone in _backlog.Keys.Where(p => !peers.ContainsKey(p)).ToList())
            _backlog.Remove(gone);
        return result;
    }

    /// <summary>
    /// What a message is about, ordered so that a channel's announcement goes before its updates and node
    /// announcements after the channels that make them valid.
    /// </summary>
    private readonly record struct RelayKey(int Kind, ulong Channel, byte Direction, string Node) : IComparable<RelayKey>
    {
        public static RelayKey Of(IWireMessage message) => message switch
        {
            ChannelAnnouncementMessage a => new(0, a.ShortChannelId.Value, 0, ""),
            ChannelUpdateMessage u => new(1, u.ShortChannelId.Value, (byte)u.Direction, ""),
            NodeAnnouncementMessage n => new(2, 0, 0, n.NodeId.ToHex()),
            _ => throw new ArgumentException($"{message.Type} is not relayed gossip", nameof(message)),
        };

        public int CompareTo(RelayKey other)
        {
            // Channel order first (announcement, then its updates), nodes last.
            var byNode = (Kind == 2).CompareTo(other.Kind == 2);
            if (byNode != 0)
                return byNode;
            var c = Channel.CompareTo(other.Channel);
            if (c != 0)
                return c;
            c = Kind.CompareTo(other.Kind);
            if (c != 0)
                return c;
            c = Direction.CompareTo(other.Direction);
            return c != 0 ? c : string.CompareOrdinal(Node, other.Node);
        }
    }
}
