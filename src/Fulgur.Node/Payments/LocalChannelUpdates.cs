using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Payments;

/// <summary>Our forwarding policy (<c>--fee-base</c>, <c>--fee-per-satoshi</c>, <c>--cltv-delta</c>).</summary>
public sealed record ForwardingPolicy(MilliSatoshi FeeBase, uint FeePerMillionth, CltvExpiryDelta CltvExpiryDelta)
{
    /// <summary>BOLT #7: "fee_base_msat + ( amount_to_forward * fee_proportional_millionths / 1000000 )"</summary>
    public MilliSatoshi FeeFor(MilliSatoshi amountToForward) =>
        FeeBase + new MilliSatoshi((long)((Int128)amountToForward.Value * FeePerMillionth / 1_000_000));
}

/// <summary>
/// Our own signed <c>channel_update</c> for our direction of each channel with a short channel id: fees and
/// <c>cltv_expiry_delta</c> from our policy, <c>htlc_minimum_msat</c>/<c>htlc_maximum_msat</c> from the channel's
/// parameters, the direction bit from node id order, the disable bit while the peer is disconnected. Timestamps strictly
/// increase per channel. The HTLC switch puts these in failures; gossip broadcasts what <see cref="Updated"/> announces.
/// </summary>
public sealed class LocalChannelUpdates : IPeerObserver
{
    private readonly PrivateKey _nodeKey;
    private readonly NodeId _nodeId;
    private readonly ChainHash _chainHash;
    private readonly ForwardingPolicy _policy;
    private readonly Func<ShortChannelId, ForwardingChannel?> _channelOf;
    private readonly Func<IReadOnlyList<ForwardingChannel>> _channels;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Dictionary<ShortChannelId, ChannelUpdateMessage> _current = [];

    public LocalChannelUpdates(PrivateKey nodeKey, ChainHash chainHash, ForwardingPolicy policy,
        Func<ShortChannelId, ForwardingChannel?> channelOf, Func<IReadOnlyList<ForwardingChannel>> channels, TimeProvider clock)
    {
        _nodeKey = nodeKey ?? throw new ArgumentNullException(nameof(nodeKey));
        _nodeId = new NodeId(nodeKey.PublicKey);
        _chainHash = chainHash;
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _channelOf = channelOf ?? throw new ArgumentNullException(nameof(channelOf));
        _channels = channels ?? throw new ArgumentNullException(nameof(channels));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The update for a channel of ours over the node's channel manager, subscribed to peer connections.</summary>
    public static LocalChannelUpdates Create(NodeContext context, ChannelManager channels, IPeerNetwork peers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(peers);
        var config = context.Config;
        var policy = new ForwardingPolicy(new MilliSatoshi(config.FeeBase.Value), config.FeePerSatoshi, new CltvExpiryDelta(config.CltvDelta));
        var updates = new LocalChannelUpdates(context.NodeKey, Config.BitcoinNetworks.ChainHash(config.Network), policy,
            channels.ForwardingChannelOf, () => channels.ForwardingChannels, context.Clock);
        peers.AddObserver(updates);
        return updates;
    }

    public ForwardingPolicy Policy => _policy;

    /// <summary>Raised (outside any lock) whenever a new update is signed.</summary>
    public event Action<ChannelUpdateMessage>? Updated;

    /// <summary>Our signed channel_update for our direction of <paramref name="scid"/>; null when no channel of ours has it.</summary>
    public ChannelUpdateMessage? Current(ShortChannelId scid) => Sign(scid, force: false);

    /// <summary>Signs the update again with a newer timestamp (BOLT 7's refresh of updates about to go stale).</summary>
    public ChannelUpdateMessage? Refresh(ShortChannelId scid) => Sign(scid, force: true);

    /// <summary>The current update in the form BOLT 4 failures carry it: the message with its 2-byte type.</summary>
    public ByteVector ForFailure(ShortChannelId scid) =>
        Current(scid) is { } update ? new ByteVector(MessageRegistry.Encode(update)) : ByteVector.Empty;

    private ChannelUpdateMessage? Sign(ShortChannelId scid, bool force)
    {
        if (_channelOf(scid) is not { } channel || channel.Peer == _nodeId)
            return null;
        ChannelUpdateMessage signed;
        lock (_lock)
        {
            _current.TryGetValue(scid, out var previous);
            var policy = PolicyFor(channel);
            // The disable bit: the peer is not connected, or the channel no longer takes HTLCs.
            var disabled = !channel.PeerConnected || !channel.IsNormal;
            // BOLT #7: "MUST set `dont_forward` to 1 in `message_flags`" for the update of a channel never announced
            // (a private one); the peer keeps it for itself.
            var dontForward = !channel.Announce;
            if (!force && previous is not null && Matches(previous, policy, disabled) && previous.DontForward == dontForward)
                return previous;
            // BOLT #7: "MUST set `timestamp` to greater than 0, AND to greater than any previously-sent `channel_update` for this `short_channel_id`."
            var now = GossipTimestamp.FromDateTimeOffset(_clock.GetUtcNow());
            var timestamp = previous is not null && now <= previous.Timestamp ? new GossipTimestamp(previous.Timestamp.Value + 1) : now;
            signed = GossipSigner.CreateChannelUpdate(_nodeKey, _chainHash, scid, ChannelEndpoints.Sorted(_nodeId, channel.Peer), timestamp,
                policy, disabled, dontForward);
            _current[scid] = signed;
        }
        Updated?.Invoke(signed);
        return signed;
    }

    private ChannelUpdatePolicy PolicyFor(ForwardingChannel channel)
    {
        var minimum = channel.HtlcMinimum.Value <= 0 ? new MilliSatoshi(1) : channel.HtlcMinimum;
        var maximum = MilliSatoshi.Max(minimum, channel.HtlcMaximum);
        return new ChannelUpdatePolicy(_policy.CltvExpiryDelta, minimum, _policy.FeeBase, _policy.FeePerMillionth, maximum);
    }

    private static bool Matches(ChannelUpdateMessage update, ChannelUpdatePolicy policy, bool disabled) =>
        update.IsDisabled == disabled && update.CltvExpiryDelta == policy.CltvExpiryDelta && update.HtlcMinimumMsat == policy.HtlcMinimumMsat
        && update.HtlcMaximumMsat == policy.HtlcMaximumMsat && update.FeeBaseMsat == policy.FeeBaseMsat
        && update.FeeProportionalMillionths == policy.FeeProportionalMillionths;

    /// <summary>Re-signs (clearing the disable bit) the updates of the reconnected peer's channels.</summary>
    public Task OnConnectedAsync(PeerInfo peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        RefreshChannelsOf(peer.Id);
        return Task.CompletedTask;
    }

    /// <summary>Re-signs (setting the disable bit) the updates of the disconnected peer's channels.</summary>
    public Task OnDisconnectedAsync(NodeId peer, CancellationToken cancellationToken)
    {
        RefreshChannelsOf(peer);
        return Task.CompletedTask;
    }

    private void RefreshChannelsOf(NodeId peer)
    {
        foreach (var channel in _channels())
        {
            if (channel.Peer == peer && channel.ShortChannelId is { } scid)
                Current(scid);
        }
    }
}
