using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Channels;

/// <summary>One HTLC as listpeerchannels shows it.</summary>
public sealed record HtlcView(bool Incoming, ulong Id, MilliSatoshi Amount, CltvExpiry Expiry, PaymentHash PaymentHash, HtlcState State);

/// <summary>A snapshot of one channel for the list commands (interfaces.md §5–6).</summary>
public sealed record ChannelView(
    NodeId Peer,
    ChannelId ChannelId,
    string State,
    ShortChannelId? ShortChannelId,
    OutPoint? FundingOutPoint,
    MilliSatoshi Total,
    MilliSatoshi ToUs,
    MilliSatoshi Spendable,
    MilliSatoshi Receivable,
    bool Opener,
    IReadOnlyList<HtlcView> Htlcs)
{
    /// <summary>The feerate of the commitments once every proposed update_fee is committed (zero before funding).</summary>
    public Fulgur.Bitcoin.Fees.FeeRate Feerate { get; init; }

    /// <summary>The channel is not to be announced (open_channel's <c>announce_channel</c> bit clear).</summary>
    public bool Private { get; init; }
}

public sealed partial class ChannelManager
{
    /// <summary>Core Lightning's state names.</summary>
    public static string StateName(ChannelState state, bool fundingSpent) => state switch
    {
        WaitingForAccept or WaitingForFundingOutPoint or WaitingForFundingCreated or WaitingForFundingSigned => "OPENINGD",
        AwaitingChannelReady => "CHANNELD_AWAITING_LOCKIN",
        Normal => "CHANNELD_NORMAL",
        ShuttingDown => "CHANNELD_SHUTTING_DOWN",
        Negotiating => "CLOSINGD_SIGEXCHANGE",
        Closed { ClosingTransaction: not null } when !fundingSpent => "CLOSINGD_COMPLETE",
        Closed when fundingSpent => "ONCHAIN",
        _ => "AWAITING_UNILATERAL",
    };

    private static ChannelView View(ChannelMailbox m)
    {
        var state = m.State;
        var c = state.CommitmentsOrNull();
        if (c is null)
        {
            var funding = state switch
            {
                WaitingForAccept s => s.Open.FundingSatoshis,
                WaitingForFundingOutPoint s => s.Open.FundingSatoshis,
                WaitingForFundingCreated s => s.Open.FundingSatoshis,
                _ => Fulgur.Bitcoin.Satoshi.Zero,
            };
            var announce = state switch
            {
                WaitingForAccept s => s.Open.AnnounceChannel,
                WaitingForFundingOutPoint s => s.Open.AnnounceChannel,
                WaitingForFundingCreated s => s.Open.AnnounceChannel,
                _ => true,
            };
            var opener = state is WaitingForAccept or WaitingForFundingOutPoint;
            var total = MilliSatoshi.FromSatoshi(funding);
            return new ChannelView(m.Peer, m.Id, StateName(state, m.FundingSpent), null, null, total, opener ? total : MilliSatoshi.Zero,
                MilliSatoshi.Zero, MilliSatoshi.Zero, opener, [])
            {
                Private = !announce,
            };
        }
        var htlcs = c.Htlcs.Select(h => new HtlcView(!h.Offered, h.Id, h.Amount, h.CltvExpiry, h.PaymentHash, h.State)).ToList();
        // Our balance counts HTLCs we offered until they are removed (Core Lightning's to_us_msat excludes them).
        var spendable = state is Normal ? ChannelCapacity.Spendable(c) : MilliSatoshi.Zero;
        var receivable = state is Normal ? ChannelCapacity.Receivable(c) : MilliSatoshi.Zero;
        return new ChannelView(m.Peer, c.Params.ChannelId, StateName(state, m.FundingSpent), m.ShortChannelId, c.Params.FundingOutPoint,
            MilliSatoshi.FromSatoshi(c.Params.FundingAmount), c.LocalBalance, spendable, receivable, c.Params.LocalIsFunder, htlcs)
        {
            Feerate = c.LatestFeerate,
            Private = !c.Params.Announce,
        };
    }
}
