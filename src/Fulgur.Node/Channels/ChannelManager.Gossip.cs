using Fulgur.Crypto;
using Fulgur.Node.Hsm;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Channels;

/// <summary>
/// What gossip needs to know about one of our channels: its ends and funding keys (for <c>channel_announcement</c>),
/// where it is on the chain, and what it can carry.
/// </summary>
/// <param name="FundingHeight">The block the funding transaction is in; null until it is mined.</param>
/// <param name="IsNormal">The channel is open (CHANNELD_NORMAL) and can carry HTLCs once its peer is connected.</param>
/// <param name="IsClosed">The channel is closing or closed (shutdown, negotiation, or later).</param>
/// <param name="OutgoingHtlcMinimum">The smallest HTLC the peer accepts from us.</param>
/// <param name="IncomingHtlcMinimum">The smallest HTLC we accept from the peer.</param>
/// <param name="Spendable">What we can send over it now.</param>
/// <param name="Announce">
/// Whether the channel is to be announced: the <c>announce_channel</c> bit of the funder's open_channel, kept in the
/// channel's parameters (fundchannel's <c>announce</c> on our side, the peer's flag when they funded).
/// </param>
public sealed record GossipChannel(
    ulong Dbid,
    ChannelId ChannelId,
    NodeId Peer,
    ShortChannelId? ShortChannelId,
    uint? FundingHeight,
    Fulgur.Bitcoin.Satoshi Capacity,
    PublicKey LocalFundingKey,
    PublicKey RemoteFundingKey,
    MilliSatoshi OutgoingHtlcMinimum,
    MilliSatoshi IncomingHtlcMinimum,
    MilliSatoshi Spendable,
    bool IsNormal,
    bool IsClosed,
    bool Announce = true);

public sealed partial class ChannelManager
{
    /// <summary>Our funded channels (those with commitments), for gossip and the route graph.</summary>
    public IReadOnlyList<GossipChannel> GossipChannels
    {
        get
        {
            List<ChannelMailbox> all;
            lock (_lock)
                all = [.. _channels];
            var result = new List<GossipChannel>(all.Count);
            foreach (var m in all)
            {
                var state = m.State;
                if (state.CommitmentsOrNull() is not { } c)
                    continue;
                var view = View(m);
                result.Add(new GossipChannel(m.Dbid, c.Params.ChannelId, m.Peer, m.ShortChannelId, m.FundingHeight, c.Params.FundingAmount,
                    c.Params.LocalBasepoints.FundingPubkey, c.Params.RemoteBasepoints.FundingPubkey, c.Params.RemoteLimits.HtlcMinimum,
                    c.Params.LocalLimits.HtlcMinimum, view.Spendable, state is Normal,
                    state is ShuttingDown or Negotiating or Closed || m.FundingSpent, c.Params.Announce));
            }
            return result;
        }
    }

    /// <summary>
    /// Our <c>announcement_signatures</c> for <paramref name="announcement"/> (built by both ends from the channel's
    /// facts), signed with the node key and the channel's funding key, derived from hsm_secret as the channel's other keys.
    /// </summary>
    public AnnouncementSignaturesMessage SignAnnouncement(GossipChannel channel, ChannelAnnouncementMessage announcement, PrivateKey nodeKey)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(nodeKey);
        using var keys = ChannelKeyDerivation.Derive(_hsmSecret, channel.Peer, channel.Dbid);
        return GossipSigner.CreateAnnouncementSignatures(nodeKey, keys.FundingKey, channel.ChannelId, announcement);
    }
}
