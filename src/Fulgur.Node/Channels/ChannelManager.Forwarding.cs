using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Channels;

/// <summary>
/// What the HTLC switch and our <c>channel_update</c> need to know of one channel. <see cref="HtlcMinimum"/> and
/// <see cref="HtlcMaximum"/> are the limits for HTLCs we offer over it (the peer's <c>htlc_minimum_msat</c>; its
/// <c>max_htlc_value_in_flight_msat</c> capped at the capacity). <see cref="Announce"/> is false for a private channel.
/// </summary>
public sealed record ForwardingChannel(
    ChannelId ChannelId,
    NodeId Peer,
    ShortChannelId? ShortChannelId,
    bool IsNormal,
    bool IsClosing,
    bool PeerConnected,
    MilliSatoshi Capacity,
    MilliSatoshi HtlcMinimum,
    MilliSatoshi HtlcMaximum,
    bool Announce = true);

/// <summary>An HTLC still in a channel's state, as the switch reconciles it after a restart.</summary>
public sealed record PendingHtlc(
    ChannelId ChannelId,
    ShortChannelId? ShortChannelId,
    bool Incoming,
    ulong Id,
    MilliSatoshi Amount,
    PaymentHash PaymentHash,
    CltvExpiry CltvExpiry,
    ByteVector Onion,
    HtlcState State,
    IWireMessage? Removal)
{
    /// <summary>An incoming HTLC irrevocably committed and not yet being removed: the switch owes it a decision.</summary>
    public bool AwaitsDecision => Incoming && State == HtlcState.RcvdAddAckRevocation && Removal is null;
}

public sealed partial class ChannelManager
{
    /// <summary>Every funded channel, for the switch and our channel_update.</summary>
    public IReadOnlyList<ForwardingChannel> ForwardingChannels
    {
        get
        {
            lock (_lock)
                return [.. _channels.Select(ForwardingView).OfType<ForwardingChannel>()];
        }
    }

    /// <summary>The channel with short channel id <paramref name="scid"/>, or null.</summary>
    public ForwardingChannel? ForwardingChannelOf(ShortChannelId scid)
    {
        lock (_lock)
            return _channels.Where(m => m.ShortChannelId == scid).Select(ForwardingView).FirstOrDefault(c => c is not null);
    }

    /// <summary>The channel with id <paramref name="channelId"/>, or null.</summary>
    public ForwardingChannel? ForwardingChannelOf(ChannelId channelId)
    {
        lock (_lock)
            return _channels.Where(m => m.Id == channelId).Select(ForwardingView).FirstOrDefault(c => c is not null);
    }

    /// <summary>
    /// Every HTLC in every channel's current state (a snapshot). After a restart the switch replays the incoming ones
    /// still awaiting a decision and matches the outgoing ones to its records.
    /// </summary>
    public IReadOnlyList<PendingHtlc> PendingHtlcs()
    {
        lock (_lock)
        {
            var list = new List<PendingHtlc>();
            foreach (var m in _channels)
            {
                if (m.State.CommitmentsOrNull() is not { } c)
                    continue;
                foreach (var h in c.Htlcs)
                {
                    list.Add(new PendingHtlc(c.Params.ChannelId, m.ShortChannelId, !h.Offered, h.Id, h.Amount, h.PaymentHash, h.CltvExpiry,
                        h.Onion, h.State, h.Removal));
                }
            }
            return list;
        }
    }

    private ForwardingChannel? ForwardingView(ChannelMailbox m)
    {
        var state = m.State;
        if (state.CommitmentsOrNull() is not { } c || state is WaitingForFundingSigned)
            return null;
        var capacity = MilliSatoshi.FromSatoshi(c.Params.FundingAmount);
        var inFlight = c.Params.RemoteLimits.MaxHtlcValueInFlight.RawMsat;
        var maximum = inFlight >= (ulong)capacity.Value ? capacity : new MilliSatoshi((long)inFlight);
        return new ForwardingChannel(c.Params.ChannelId, m.Peer, m.ShortChannelId, state is Normal,
            state is ShuttingDown or Negotiating or Closed, _peers.IsConnected(m.Peer), capacity, c.Params.RemoteLimits.HtlcMinimum, maximum,
            c.Params.Announce);
    }
}
