using System.Collections.Immutable;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// The node's route table: the channel graph plus the penalties learnt from failed payments. No I/O; time comes
/// from an injected clock, so <see cref="Apply"/> is deterministic. One owner mutates it; readers take
/// <see cref="Snapshot"/>, which is immutable.
/// </summary>
public sealed class RouteTable
{
    // BOLT #4 failure codes whose channel_update says what to do differently; the update alone fixes them.
    private const ushort AmountBelowMinimum = 0x1000 | 11;
    private const ushort FeeInsufficient = 0x1000 | 12;
    private const ushort IncorrectCltvExpiry = 0x1000 | 13;

    private readonly Func<DateTimeOffset> _now;
    private readonly TimeSpan _penalty;
    private readonly Dictionary<(ShortChannelId, ChannelDirection), DateTimeOffset> _channelUntil = [];
    private readonly Dictionary<NodeId, DateTimeOffset> _nodeUntil = [];
    private readonly HashSet<NodeId> _nodesBanned = [];
    private readonly Dictionary<(ShortChannelId, ChannelDirection), ChannelDirectionUpdate> _retryUpdates = [];
    private GraphSnapshot? _snapshot;
    private (long GraphVersion, int RetryUpdates) _snapshotOf;
    private RouteExclusions? _exclusions;
    private DateTimeOffset _exclusionsValidUntil;

    public RouteTable(RouteGraph graph, Func<DateTimeOffset> now, TimeSpan penalty)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(now);
        Graph = graph;
        _now = now;
        _penalty = penalty;
    }

    public RouteGraph Graph { get; }

    /// <summary>The graph and the exclusions in force now, for <see cref="RouteFinder.GetRoute(GraphSnapshot, RouteRequest, RouteExclusions)"/>.</summary>
    public (GraphSnapshot Graph, RouteExclusions Exclusions) Snapshot()
    {
        if (_retryUpdates.Count == 0)
            return (Graph.Snapshot(), CurrentExclusions());
        var of = (Graph.Version, _retryUpdates.Count);
        if (_snapshot is null || _snapshotOf != of)
            (_snapshot, _snapshotOf) = (Graph.SnapshotWith(_retryUpdates), of);
        return (_snapshot, CurrentExclusions());
    }

    /// <summary>Applies BOLT #4's "Receiving Failure Codes" recommendations for one failure.</summary>
    public RouteTableChange Apply(RoutingFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var change = RouteTableChange.None;
        // BOLT #4: "if the _final node_ is returning the error: if the PERM bit is set: SHOULD fail the payment."
        // Nothing about the route table is learnt from the final node.
        if (failure.FromFinalNode)
            return change;
        // BOLT #4: "if UPDATE is set, AND the `channel_update` is valid and more recent than the `channel_update`
        // used to send the payment: MAY consider the `channel_update` when calculating routes to retry".
        // BOLT #4: "MUST NOT expose the `channel_update` to third-parties in any other context, including applying
        // the `channel_update` to the local network graph": it is kept beside the graph, for routing only.
        if (failure.Has(FailureCodeBits.Update) && failure.Update is { } update && IsNewer(update))
        {
            _retryUpdates[(update.Channel, update.Direction)] = update;
            _snapshot = null;
            change |= RouteTableChange.UpdateApplied;
        }
        var until = _now() + _penalty;
        if (failure.Has(FailureCodeBits.Node))
        {
            // BOLT #4: "if the NODE bit is set: SHOULD remove all channels connected with the erring node from
            // consideration."
            if (failure.Has(FailureCodeBits.Perm))
            {
                _nodesBanned.Add(failure.ErringNode);
                change |= RouteTableChange.NodeExcludedPermanently;
            }
            else
            {
                // BOLT #4: "if the PERM bit is NOT set: SHOULD restore the channels as it receives new
                // `channel_update`s from its peers." Until gossip feeds us, a timed exclusion stands for that.
                _nodeUntil[failure.ErringNode] = until;
                change |= RouteTableChange.NodeExcludedTemporarily;
            }
            _exclusions = null;
            return change;
        }
        if (failure.ErringChannel is not { } channel)
            return change;
        if (failure.Has(FailureCodeBits.Perm))
        {
            // A permanent channel failure (e.g. permanent_channel_failure, unknown_next_peer): the channel is gone.
            if (Graph.RemoveChannel(channel))
                change |= RouteTableChange.ChannelRemoved;
            _channelUntil.Remove((channel, ChannelDirection.FromNode1));
            _channelUntil.Remove((channel, ChannelDirection.FromNode2));
            _retryUpdates.Remove((channel, ChannelDirection.FromNode1));
            _retryUpdates.Remove((channel, ChannelDirection.FromNode2));
            _snapshot = null;
            _exclusions = null;
            return change;
        }
        var fixedByUpdate = (change & RouteTableChange.UpdateApplied) != 0
            && failure.FailureCode is AmountBelowMinimum or FeeInsufficient or IncorrectCltvExpiry;
        if (!fixedByUpdate)
        {
            // A temporary channel failure (temporary_channel_failure, channel_disabled, ...): avoid that direction
            // for a while, then try it again.
            _channelUntil[(channel, failure.ErringDirection)] = until;
            _exclusions = null;
            change |= RouteTableChange.ChannelExcludedTemporarily;
        }
        return change;
    }

    /// <summary>The exclusions in force at the clock's current time (expired ones dropped).</summary>
    public RouteExclusions CurrentExclusions()
    {
        var now = _now();
        if (_exclusions is not null && now < _exclusionsValidUntil)
            return _exclusions;
        Expire(_channelUntil, now);
        Expire(_nodeUntil, now);
        var next = DateTimeOffset.MaxValue;
        foreach (var t in _channelUntil.Values.Concat(_nodeUntil.Values))
            next = t < next ? t : next;
        _exclusionsValidUntil = next;
        return _exclusions = new RouteExclusions(
            [.. _channelUntil.Keys],
            [.. _nodeUntil.Keys.Concat(_nodesBanned)]);
    }

    private bool IsNewer(ChannelDirectionUpdate update)
    {
        if (!Graph.TryGetEndpoints(update.Channel, out _, out _))
            return false;
        if (_retryUpdates.TryGetValue((update.Channel, update.Direction), out var kept) && update.Timestamp <= kept.Timestamp)
            return false;
        return !Graph.TryGetDirection(update.Channel, update.Direction, out var held) || update.Timestamp > held!.Timestamp;
    }

    private static void Expire<TKey>(Dictionary<TKey, DateTimeOffset> until, DateTimeOffset now)
        where TKey : notnull
    {
        foreach (var (key, time) in until)
        {
            if (time <= now)
                until.Remove(key);
        }
    }
}
