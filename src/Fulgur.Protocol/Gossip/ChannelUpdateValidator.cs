using Fulgur.Bitcoin;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>The two ends of a channel, as <c>channel_announcement</c> orders them.</summary>
public sealed record ChannelEndpoints
{
    public ChannelEndpoints(NodeId node1, NodeId node2)
    {
        ArgumentNullException.ThrowIfNull(node1);
        ArgumentNullException.ThrowIfNull(node2);
        if (node1 >= node2)
            throw new ArgumentException("node_id_1 must be the lesser node id", nameof(node1));
        Node1 = node1;
        Node2 = node2;
    }

    public NodeId Node1 { get; }

    public NodeId Node2 { get; }

    public static ChannelEndpoints From(ChannelAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return new ChannelEndpoints(announcement.NodeId1, announcement.NodeId2);
    }

    /// <summary>
    /// The ends of a channel between <paramref name="a"/> and <paramref name="b"/> in either order (a private channel, say).
    /// </summary>
    public static ChannelEndpoints Sorted(NodeId a, NodeId b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a < b ? new ChannelEndpoints(a, b) : new ChannelEndpoints(b, a);
    }

    /// <summary>The node that signs updates for <paramref name="direction"/>.</summary>
    public NodeId For(ChannelDirection direction) => direction == ChannelDirection.FromNode1 ? Node1 : Node2;

    /// <summary>The direction <paramref name="origin"/> sends updates in.</summary>
    public ChannelDirection DirectionOf(NodeId origin) =>
        origin == Node1 ? ChannelDirection.FromNode1
        : origin == Node2 ? ChannelDirection.FromNode2
        : throw new ArgumentException($"{origin} is not an end of this channel", nameof(origin));
}

/// <summary>What the gossip engine knows about the channel a <c>channel_update</c> is for.</summary>
/// <param name="Endpoints">The channel's ends (from its <c>channel_announcement</c>, or ours and the peer's for a private channel).</param>
/// <param name="KnownChains">The chains this node follows.</param>
/// <param name="Previous">The last update we accepted for this channel and direction, if any.</param>
/// <param name="Now">The current time, to refuse timestamps far in the future; null skips that check.</param>
/// <param name="Capacity">The channel's capacity when known.</param>
/// <param name="FundingOutputSpent">The funding output has been spent (the channel is closing or spliced).</param>
public sealed record ChannelUpdateContext(
    ChannelEndpoints Endpoints,
    IReadOnlyCollection<ChainHash> KnownChains,
    ChannelUpdateMessage? Previous = null,
    GossipTimestamp? Now = null,
    Satoshi? Capacity = null,
    bool FundingOutputSpent = false)
{
    /// <summary>How far past <see cref="Now"/> a timestamp may be before it counts as "unreasonably far in the future".</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>How a received update stands against the last one from the same node for the same channel.</summary>
public enum ChannelUpdateOrdering
{
    /// <summary>A later timestamp: it replaces the old one.</summary>
    Newer,

    /// <summary>An earlier timestamp.</summary>
    Older,

    /// <summary>The same timestamp and the same fields after it (perhaps another signature).</summary>
    SameContent,

    /// <summary>The same timestamp with different fields: the origin signed two policies for one second.</summary>
    SameTimestampDifferentContent,
}

/// <summary>The checks a receiver makes on a <c>channel_update</c>, and the ordering between updates.</summary>
public static class ChannelUpdateValidator
{
    private const int SignatureLength = 64;
    private const int FieldsBeforeTimestampEnd = SignatureLength + 32 + 8 + 4;

    public static GossipVerdict Validate(ChannelUpdateMessage update, ChannelUpdateContext context)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(context);
        // BOLT #7: "if the specified `chain_hash` value is unknown (meaning it isn't active on
        // the specified chain): - MUST ignore the channel update."
        if (!context.KnownChains.Contains(update.ChainHash))
            return GossipVerdict.Ignore(GossipProblem.UnknownChain, $"chain {update.ChainHash} is not ours");
        // BOLT #7: "if `signature` is not a valid signature, using `node_id` of the
        // double-SHA256 of the entire message following the `signature` field (including
        // unknown fields following `fee_proportional_millionths`): - SHOULD send a `warning` and close the connection.
        // - MUST NOT process the message further."
        var origin = context.Endpoints.For(update.Direction);
        if (!GossipSignatures.Verify(origin.Key, GossipHash.Of(update), update.Signature))
        {
            return GossipVerdict.Reject(GossipProblem.InvalidSignature, GossipResponse.WarnAndDisconnect,
                $"signature does not match {origin} ({update.Direction})");
        }
        // BOLT #7: "if the channel output has been spent: - MUST ignore `channel_update`s, unless they have the
        // `disable` bit set to 1."
        if (context.FundingOutputSpent && !update.IsDisabled)
            return GossipVerdict.Ignore(GossipProblem.FundingOutputSpent, "the funding output is spent and the update does not disable");
        if (context.Previous is { } previous)
        {
            var ordering = Compare(update, previous);
            if (ordering != ChannelUpdateOrdering.Newer)
                return OrderingVerdict(ordering, update, previous);
        }
        // BOLT #7: "if the `timestamp` is unreasonably far in the future: - MAY discard the `channel_update`."
        if (context.Now is { } now && update.Timestamp - now > (long)context.MaxClockSkew.TotalSeconds)
            return GossipVerdict.Ignore(GossipProblem.TimestampTooFarInFuture,
                $"timestamp {update.Timestamp} is {update.Timestamp - now}s ahead");

        var verdict = GossipVerdict.Accepted;
        // BOLT #7: "MUST NOT forward such a `channel_update` to other peers, for privacy
        // reasons."
        if (update.DontForward)
            verdict = verdict.Restrict(GossipRestrictions.DoNotRelay, GossipProblem.None, "dont_forward is set");
        // BOLT #7: "if `htlc_maximum_msat` < `htlc_minimum_msat`: - SHOULD ignore this channel during route considerations."
        if (update.HtlcMaximumMsat < update.HtlcMinimumMsat)
        {
            verdict = verdict.Restrict(GossipRestrictions.DoNotRouteThrough, GossipProblem.HtlcMaximumBelowMinimum,
                $"htlc_maximum_msat {update.HtlcMaximumMsat} < htlc_minimum_msat {update.HtlcMinimumMsat}");
        }
        // BOLT #7: "if `htlc_maximum_msat` is greater than channel capacity: - MAY blacklist this `node_id`
        // - SHOULD ignore this channel during route considerations."
        if (context.Capacity is { } capacity && update.HtlcMaximumMsat > MilliSatoshi.FromSatoshi(capacity))
        {
            verdict = verdict.Restrict(GossipRestrictions.DoNotRouteThrough, GossipProblem.HtlcMaximumAboveCapacity,
                $"htlc_maximum_msat {update.HtlcMaximumMsat} exceeds the capacity {capacity.Value} sat");
        }
        return verdict;
    }

    /// <summary>Orders <paramref name="candidate"/> against <paramref name="current"/> (same channel, same direction).</summary>
    public static ChannelUpdateOrdering Compare(ChannelUpdateMessage candidate, ChannelUpdateMessage current)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        if (candidate.Timestamp > current.Timestamp)
            return ChannelUpdateOrdering.Newer;
        if (candidate.Timestamp < current.Timestamp)
            return ChannelUpdateOrdering.Older;
        var a = WireWriter.ToArray(candidate.WritePayload).AsSpan(FieldsBeforeTimestampEnd);
        var b = WireWriter.ToArray(current.WritePayload).AsSpan(FieldsBeforeTimestampEnd);
        return a.SequenceEqual(b) ? ChannelUpdateOrdering.SameContent : ChannelUpdateOrdering.SameTimestampDifferentContent;
    }

    private static GossipVerdict OrderingVerdict(ChannelUpdateOrdering ordering, ChannelUpdateMessage update,
        ChannelUpdateMessage previous) => ordering switch
    {
        // BOLT #7: "if the fields below `timestamp` are equal: - SHOULD ignore this message"
        ChannelUpdateOrdering.SameContent => GossipVerdict.Ignore(GossipProblem.Duplicate,
            $"the update of {update.Timestamp} is the one we have"),
        // BOLT #7: "if the fields below `timestamp` differ: - MAY blacklist this `node_id`. - MAY forget all channels
        // associated with it."
        ChannelUpdateOrdering.SameTimestampDifferentContent => GossipVerdict.Ignore(GossipProblem.SameTimestampDifferentContent,
            $"a different update with the same timestamp {update.Timestamp}"),
        // BOLT #7: "if `timestamp` is lower than that of the last-received
        // `channel_update` for this `short_channel_id` AND for `node_id`: - SHOULD ignore the message."
        _ => GossipVerdict.Ignore(GossipProblem.Stale, $"timestamp {update.Timestamp} is older than {previous.Timestamp}"),
    };
}
