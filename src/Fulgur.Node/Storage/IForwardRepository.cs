using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>What the HTLC switch decided for an incoming HTLC that needs remembering.</summary>
public enum IncomingHtlcKind
{
    /// <summary>Offered on another channel; resolved upstream once that one resolves.</summary>
    Forward = 0,

    /// <summary>A payment to us: the preimage is recorded before the invoice is marked paid and the HTLC fulfilled.</summary>
    Settle = 1,
}

/// <summary>Where a recorded incoming HTLC stands.</summary>
public enum ForwardState
{
    /// <summary>Offered downstream, no outcome yet.</summary>
    Offered = 0,

    /// <summary>The preimage is known: fulfil upstream.</summary>
    Fulfilled = 1,

    /// <summary>Failed downstream: fail upstream with <see cref="StoredForward.FailReason"/>.</summary>
    Failed = 2,
}

/// <summary>
/// One incoming HTLC the switch acted on durably (Core Lightning's <c>channel_htlcs</c> link plus <c>forwards</c>): the
/// incoming side, the shared secret to wrap a failure with, the outgoing HTLC (for forwards) and the resolution.
/// <see cref="FailReason"/> is the already wrapped <c>reason</c> of the <c>update_fail_htlc</c> to send upstream.
/// </summary>
public sealed record StoredForward(
    ChannelId InChannel,
    ulong InHtlcId,
    IncomingHtlcKind Kind,
    PaymentHash PaymentHash,
    MilliSatoshi InAmount,
    CltvExpiry InExpiry,
    byte[] SharedSecret,
    ShortChannelId? OutScid,
    ChannelId? OutChannel,
    MilliSatoshi? OutAmount,
    CltvExpiry? OutExpiry,
    ulong? OutHtlcId,
    ForwardState State,
    Preimage? Preimage,
    byte[]? FailReason,
    DateTimeOffset CreatedAt);

/// <summary>The switch's durable records (the incoming→outgoing link and resolutions).</summary>
public interface IForwardRepository
{
    Task AddAsync(StoredForward forward, CancellationToken cancellationToken);

    Task SetOutgoingHtlcAsync(ChannelId inChannel, ulong inHtlcId, ulong outHtlcId, CancellationToken cancellationToken);

    /// <summary>Records the outcome of an offered forward; false (no change) when it was resolved before.</summary>
    Task<bool> ResolveAsync(ChannelId inChannel, ulong inHtlcId, ForwardState state, Preimage? preimage, byte[]? failReason,
        CancellationToken cancellationToken);

    Task<StoredForward?> GetAsync(ChannelId inChannel, ulong inHtlcId, CancellationToken cancellationToken);

    /// <summary>Forwards still waiting for their outgoing HTLC's outcome.</summary>
    Task<IReadOnlyList<StoredForward>> ListOfferedAsync(CancellationToken cancellationToken);
}
