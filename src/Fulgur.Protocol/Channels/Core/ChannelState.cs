using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>A channel phase; each record carries only its own data (eclair's <c>DATA_*</c>).</summary>
public abstract record ChannelState;

/// <summary>Funder: <c>open_channel</c> sent, waiting for <c>accept_channel</c>.</summary>
public sealed record WaitingForAccept(ChannelConfig Config, OpenChannelMessage Open) : ChannelState;

/// <summary>Funder: the peer accepted; waiting for the node to build the funding transaction.</summary>
public sealed record WaitingForFundingOutPoint(ChannelConfig Config, OpenChannelMessage Open, AcceptChannelMessage Accept) : ChannelState;

/// <summary>Fundee: <c>accept_channel</c> sent, waiting for <c>funding_created</c>.</summary>
public sealed record WaitingForFundingCreated(ChannelConfig Config, OpenChannelMessage Open, AcceptChannelMessage Accept) : ChannelState;

/// <summary>Funder: <c>funding_created</c> sent, waiting for the peer's signature of our first commitment.</summary>
public sealed record WaitingForFundingSigned(ChannelConfig Config, Commitments Commitments) : ChannelState;

/// <summary>Both first commitments signed; waiting for funding depth and the peer's <c>channel_ready</c>.</summary>
public sealed record AwaitingChannelReady(Commitments Commitments, bool ReadySent) : ChannelState;

/// <summary>The channel is open (BOLT 2 "Normal Operation").</summary>
public sealed record Normal(Commitments Commitments) : ChannelState;

/// <summary>
/// A <c>shutdown</c> was sent or received (BOLT 2 "Closing Initiation"): no new HTLCs; existing ones clear. Either
/// script is null until that side's <c>shutdown</c>.
/// </summary>
public sealed record ShuttingDown(Commitments Commitments, ByteVector? LocalScript, ByteVector? RemoteScript) : ChannelState;

/// <summary>No HTLCs left: <c>closing_signed</c> fee negotiation.</summary>
public sealed record Negotiating(
    Commitments Commitments, ByteVector LocalScript, ByteVector RemoteScript, Satoshi? LastSentFee, Satoshi? LastReceivedFee) : ChannelState;

/// <summary>
/// The channel is over: mutually closed (<see cref="ClosingTransaction"/> set) or failed (broadcast
/// <see cref="Commitments"/>' latest local commitment).
/// </summary>
public sealed record Closed(Commitments? Commitments, string Reason, Transaction? ClosingTransaction) : ChannelState;

/// <summary>The phases that carry the open channel.</summary>
public static class ChannelStateExtensions
{
    public static Commitments? CommitmentsOrNull(this ChannelState state) => state switch
    {
        WaitingForFundingSigned s => s.Commitments,
        AwaitingChannelReady s => s.Commitments,
        Normal s => s.Commitments,
        ShuttingDown s => s.Commitments,
        Negotiating s => s.Commitments,
        Closed s => s.Commitments,
        _ => null,
    };

    public static ChannelId? ChannelIdOrNull(this ChannelState state) => state.CommitmentsOrNull()?.Params.ChannelId;
}
