using Fulgur.Bitcoin;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Direction = Fulgur.Protocol.Gossip.ChannelDirection;

namespace Fulgur.Node.Gossip;

/// <summary>A public channel as the gossip store holds it: its announcement, capacity and latest update per direction.</summary>
public sealed class KnownChannel(ChannelAnnouncementMessage announcement, Satoshi capacity)
{
    public ChannelAnnouncementMessage Announcement { get; } = announcement;

    public ShortChannelId ShortChannelId => Announcement.ShortChannelId;

    public ChannelEndpoints Endpoints { get; } = ChannelEndpoints.From(announcement);

    public Satoshi Capacity { get; } = capacity;

    /// <summary>The latest accepted <c>channel_update</c> per direction (index 0: from node_id_1).</summary>
    public ChannelUpdateMessage?[] Updates { get; } = new ChannelUpdateMessage?[2];

    /// <summary>Per direction: accepted, but not to be used for routing (BOLT 7 restrictions).</summary>
    public bool[] DoNotRoute { get; } = new bool[2];

    /// <summary>The newest of the two updates' timestamps (0 without any): the announcement's timestamp for filters.</summary>
    public GossipTimestamp LatestTimestamp =>
        new(Math.Max(Updates[0]?.Timestamp.Value ?? 0, Updates[1]?.Timestamp.Value ?? 0));
}

/// <summary>What to do with a message after <see cref="GossipState"/> judged it.</summary>
/// <param name="Verdict">The validator's verdict (accepted, or why not and what to tell the peer).</param>
/// <param name="Relay">Whether the accepted message may be relayed to other peers.</param>
public sealed record GossipDecision(GossipVerdict Verdict, bool Relay)
{
    public bool IsAccepted => Verdict.IsAccepted;

    public static GossipDecision Ignore(GossipProblem problem, string detail) => new(GossipVerdict.Ignore(problem, detail), false);

    public static GossipDecision From(GossipVerdict verdict) =>
        new(verdict, verdict.IsAccepted && (verdict.Restrictions & GossipRestrictions.DoNotRelay) == 0);
}

/// <summary>
/// Everything the node knows from gossip: public channels with their updates, node announcements, and our peers'
/// updates for private channels with us. Pure: the gossip manager feeds it the time, the chain's answers and what it
/// knows of our own channels; it decides (BOLT 7's receiving rules, through the protocol layer's validators) and keeps
/// the accepted messages. Not thread-safe: its owner serializes access.
/// </summary>
public sealed class GossipState(ChainHash chain, FeatureBits localFeatures)
{
    /// <summary>BOLT 7's staleness limit: a channel whose newest update is older than two weeks may be pruned.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1_209_600);

    private readonly ChainHash[] _chains = [chain];
    private readonly Dictionary<ShortChannelId, KnownChannel> _channels = [];
    private readonly Dictionary<NodeId, NodeAnnouncementMessage> _nodes = [];
    private readonly Dictionary<NodeId, int> _channelCount = [];
    private readonly Dictionary<(ShortChannelId, Direction), ChannelUpdateMessage> _private = [];

    public ChainHash Chain => _chains[0];

    public IReadOnlyCollection<KnownChannel> Channels => _channels.Values;

    public IReadOnlyCollection<NodeAnnouncementMessage> Nodes => _nodes.Values;

    /// <summary>Every node that is an end of a known public channel.</summary>
    public IReadOnlyCollection<NodeId> ChannelNodes => _channelCount.Keys;

    public bool TryGetChannel(ShortChannelId scid, out KnownChannel channel) => _channels.TryGetValue(scid, out channel!);

    public bool TryGetNode(NodeId id, out NodeAnnouncementMessage announcement) => _nodes.TryGetValue(id, out announcement!);

    /// <summary>A peer's update for a private channel with us, if it sent one.</summary>
    public ChannelUpdateMessage? PrivateUpdate(ShortChannelId scid, Direction direction) =>
        _private.TryGetValue((scid, direction), out var update) ? update : null;

    /// <summary>
    /// The checks that need no chain: chain hash, node order, signatures, features; and whether we have it already.
    /// The caller then checks the funding output (<see cref="ChannelAnnouncementValidator.ExpectedFundingScript"/>).
    /// </summary>
    public GossipDecision CheckChannelAnnouncement(ChannelAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        // BOLT #7: "if it has previously received a valid `channel_announcement`, for the
        // same transaction, in the same block, but for a different `node_id_1` or
        // `node_id_2`: - SHOULD blacklist the previous message's `node_id_1` and `node_id_2`,
        // as well as this `node_id_1` and `node_id_2` AND forget any channels connected to them."
        // The same announcement again is ignored; a different one for a known channel is ignored too (we keep the first).
        if (_channels.TryGetValue(announcement.ShortChannelId, out var known))
        {
            return known.Endpoints.Node1 == announcement.NodeId1 && known.Endpoints.Node2 == announcement.NodeId2
                ? GossipDecision.Ignore(GossipProblem.Duplicate, $"{announcement.ShortChannelId} is known")
                : GossipDecision.Ignore(GossipProblem.Duplicate, $"{announcement.ShortChannelId} is known with other ends");
        }
        return GossipDecision.From(ChannelAnnouncementValidator.Validate(announcement, _chains, localFeatures));
    }

    /// <summary>
    /// Keeps an announcement that passed <see cref="CheckChannelAnnouncement"/> and the funding check; updates already
    /// held for it as a private channel of ours are adopted.
    /// </summary>
    public KnownChannel AddChannel(ChannelAnnouncementMessage announcement, Satoshi capacity)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var channel = new KnownChannel(announcement, capacity);
        if (_channels.TryAdd(announcement.ShortChannelId, channel))
        {
            Count(announcement.NodeId1, +1);
            Count(announcement.NodeId2, +1);
            // Updates our peer sent for this channel of ours before it was announced now belong to the public channel.
            for (var d = 0; d < 2; d++)
            {
                if (_private.Remove((announcement.ShortChannelId, (Direction)d), out var early))
                    channel.Updates[d] = early;
            }
        }
        return _channels[announcement.ShortChannelId];
    }

    /// <summary>
    /// Judges a <c>channel_update</c>. <paramref name="ownPrivate"/> gives the ends of a private channel of ours with that
    /// scid (null when there is none): the only channels without an announcement whose updates are kept.
    /// </summary>
    public GossipDecision CheckChannelUpdate(ChannelUpdateMessage update, GossipTimestamp now, ChannelEndpoints? ownPrivate)
    {
        ArgumentNullException.ThrowIfNull(update);
        ChannelUpdateContext context;
        if (_channels.TryGetValue(update.ShortChannelId, out var channel))
        {
            context = new ChannelUpdateContext(channel.Endpoints, _chains, channel.Updates[(int)update.Direction], now, channel.Capacity);
        }
        else if (ownPrivate is not null)
        {
            context = new ChannelUpdateContext(ownPrivate, _chains, PrivateUpdate(update.ShortChannelId, update.Direction), now);
        }
        else
        {
            // BOLT #7: "if the `short_channel_id` does NOT match a previous `channel_announcement`: - MUST ignore
            // `channel_update`s that do NOT correspond to one of its own channels."
            return GossipDecision.Ignore(GossipProblem.UnknownNode, $"{update.ShortChannelId} is not a known channel");
        }
        var decision = GossipDecision.From(ChannelUpdateValidator.Validate(update, context));
        // An update of a private channel is never relayed: only the two ends know the channel.
        return channel is null ? decision with { Relay = false } : decision;
    }

    /// <summary>Keeps an update that passed <see cref="CheckChannelUpdate"/>.</summary>
    public void AddUpdate(ChannelUpdateMessage update, GossipVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(verdict);
        var d = (int)update.Direction;
        if (_channels.TryGetValue(update.ShortChannelId, out var channel))
        {
            channel.Updates[d] = update;
            channel.DoNotRoute[d] = (verdict.Restrictions & GossipRestrictions.DoNotRouteThrough) != 0;
        }
        else
        {
            _private[(update.ShortChannelId, update.Direction)] = update;
        }
    }

    public GossipDecision CheckNodeAnnouncement(NodeAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var context = new NodeAnnouncementContext(_channelCount.ContainsKey(announcement.NodeId),
            _nodes.TryGetValue(announcement.NodeId, out var last) ? last.Timestamp : null, localFeatures);
        return GossipDecision.From(NodeAnnouncementValidator.Validate(announcement, context));
    }

    public void AddNode(NodeAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        _nodes[announcement.NodeId] = announcement;
    }

    /// <summary>
    /// Forgets a channel (closed or stale); returns the nodes forgotten with it because it was their last channel
    /// (BOLT 7 keeps node announcements only for nodes with channels).
    /// </summary>
    public IReadOnlyList<NodeId> RemoveChannel(ShortChannelId scid)
    {
        _private.Remove((scid, Direction.FromNode1));
        _private.Remove((scid, Direction.FromNode2));
        if (!_channels.Remove(scid, out var channel))
            return [];
        var forgotten = new List<NodeId>();
        foreach (var node in new[] { channel.Endpoints.Node1, channel.Endpoints.Node2 })
        {
            if (Count(node, -1) == 0)
            {
                _nodes.Remove(node);
                forgotten.Add(node);
            }
        }
        return forgotten;
    }

    /// <summary>
    /// BOLT 7 pruning: channels whose newest update is older than <see cref="StaleAfter"/>, or that never got an update
    /// within that time of <paramref name="firstSeen"/>. Channels in <paramref name="keep"/> (ours) are never stale.
    /// </summary>
    // BOLT #7: "if the `timestamp` of the latest `channel_update` in either direction is older than two weeks
    // (1209600 seconds): - MAY prune the channel."
    public IReadOnlyList<ShortChannelId> StaleChannels(GossipTimestamp now, Func<ShortChannelId, GossipTimestamp> firstSeen,
        IReadOnlySet<ShortChannelId> keep)
    {
        ArgumentNullException.ThrowIfNull(firstSeen);
        ArgumentNullException.ThrowIfNull(keep);
        var limit = (long)StaleAfter.TotalSeconds;
        var stale = new List<ShortChannelId>();
        foreach (var channel in _channels.Values)
        {
            if (keep.Contains(channel.ShortChannelId))
                continue;
            var newest = channel.LatestTimestamp;
            var reference = newest == GossipTimestamp.Zero ? firstSeen(channel.ShortChannelId) : newest;
            if (now - reference > limit)
                stale.Add(channel.ShortChannelId);
        }
        return stale;
    }

    /// <summary>The entries <c>reply_channel_range</c> lists: every public channel with its update timestamps and checksums.</summary>
    public IEnumerable<ChannelRangeEntry> RangeEntries() =>
        _channels.Values.Select(c => new ChannelRangeEntry(c.ShortChannelId,
            new ChannelUpdateTimestamps(c.Updates[0]?.Timestamp ?? GossipTimestamp.Zero, c.Updates[1]?.Timestamp ?? GossipTimestamp.Zero),
            new ChannelUpdateChecksums(c.Updates[0] is { } u0 ? ChannelUpdateChecksum.Compute(u0) : 0, c.Updates[1] is { } u1 ? ChannelUpdateChecksum.Compute(u1) : 0)));

    private int Count(NodeId node, int delta)
    {
        var count = (_channelCount.TryGetValue(node, out var c) ? c : 0) + delta;
        if (count <= 0)
            _channelCount.Remove(node);
        else
            _channelCount[node] = count;
        return count;
    }
}
