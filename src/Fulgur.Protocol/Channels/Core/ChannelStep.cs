using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>The BOLT 1 consequence of a violation (LDK's <c>ChannelError</c>).</summary>
public enum ChannelErrorKind
{
    /// <summary>Nothing is sent; the state stands (a command refused locally, a message ignored).</summary>
    Ignore = 0,

    /// <summary>Send a <c>warning</c>; the state stands.</summary>
    Warn = 1,

    /// <summary>Send a <c>warning</c> and close the connection; the state stands.</summary>
    WarnAndDisconnect = 2,

    /// <summary>Send an <c>error</c> and fail the channel: broadcast our latest commitment.</summary>
    Close = 3,
}

public sealed record ChannelFailure(ChannelErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>What the channel tells the node besides messages.</summary>
public abstract record ChannelEvent;

/// <summary>Funder: build and sign the funding transaction paying this amount to this P2WSH script, then call <c>FundingCreated</c>.</summary>
public sealed record FundingRequested(Fulgur.Bitcoin.Satoshi Amount, Fulgur.Bitcoin.Scripts.Script ScriptPubKey) : ChannelEvent;

/// <summary>Funder: the peer signed our first commitment; the funding transaction can be broadcast.</summary>
public sealed record FundingSafeToBroadcast(OutPoint FundingOutPoint) : ChannelEvent;

public sealed record ChannelBecameReady(ChannelId ChannelId) : ChannelEvent;

/// <summary>An HTLC the peer offered is irrevocably committed: the switch may forward or settle it.</summary>
public sealed record IncomingHtlcLocked(ulong Id, MilliSatoshi Amount, PaymentHash PaymentHash, CltvExpiry CltvExpiry, ByteVector Onion)
    : ChannelEvent;

/// <summary>The peer fulfilled an HTLC we offered (reported on receipt: the preimage is ours from now on).</summary>
public sealed record OutgoingHtlcFulfilled(ulong Id, Preimage Preimage) : ChannelEvent;

/// <summary>The peer's failure of an HTLC we offered is irrevocably committed.</summary>
public sealed record OutgoingHtlcFailed(ulong Id, IWireMessage Failure) : ChannelEvent;

/// <summary>The mutual close transaction, fully signed: broadcast it.</summary>
public sealed record ClosingTransactionReady(Transaction Transaction) : ChannelEvent;

/// <summary>
/// The result of one step: the state to swap in, the record to persist first (when not null), the messages to send
/// after persisting, the events for the node and, when the step was refused, why.
/// </summary>
public sealed record ChannelStep(
    ChannelState NextState,
    ChannelState? PersistRecord,
    IReadOnlyList<IWireMessage> Outbound,
    IReadOnlyList<ChannelEvent> Events,
    ChannelFailure? Failure)
{
    public static ChannelStep Refuse(ChannelState state, ChannelErrorKind kind, string message) =>
        new(state, null, [], [], new ChannelFailure(kind, message));

    public static ChannelStep Changed(ChannelState next, IReadOnlyList<IWireMessage>? outbound = null, IReadOnlyList<ChannelEvent>? events = null) =>
        new(next, next, outbound ?? [], events ?? [], null);
}
