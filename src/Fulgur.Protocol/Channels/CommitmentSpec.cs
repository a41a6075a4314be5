using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>Whether the commitment owner offered an HTLC (it pays out on timeout to them) or received it.</summary>
public enum HtlcDirection
{
    /// <summary>Offered by the commitment owner ("local-&gt;remote" from its point of view).</summary>
    Offered = 0,

    /// <summary>Received by the commitment owner ("remote-&gt;local").</summary>
    Received = 1,
}

/// <summary>An HTLC committed in a commitment transaction, seen from the commitment owner's side.</summary>
/// <param name="Id">The <c>id</c> of the <c>update_add_htlc</c> that added it (unique per offering side).</param>
public sealed record CommitmentHtlc(HtlcDirection Direction, ulong Id, MilliSatoshi Amount, PaymentHash PaymentHash, CltvExpiry CltvExpiry)
{
    /// <summary>The same HTLC as the other side's commitment sees it.</summary>
    public CommitmentHtlc Mirror() =>
        this with { Direction = Direction == HtlcDirection.Offered ? HtlcDirection.Received : HtlcDirection.Offered };
}

/// <summary>
/// What one commitment transaction commits to, from its owner's point of view: both balances (excluding in-flight
/// HTLCs and before the fee), the feerate and the HTLCs.
/// </summary>
public sealed record CommitmentSpec(MilliSatoshi ToLocal, MilliSatoshi ToRemote, FeeRate Feerate, IReadOnlyList<CommitmentHtlc> Htlcs)
{
    /// <summary>The same state as the other side's commitment sees it: balances swapped and HTLC directions flipped.</summary>
    public CommitmentSpec Mirror() => new(ToRemote, ToLocal, Feerate, [.. Htlcs.Select(h => h.Mirror())]);

    /// <summary>Both balances plus every HTLC: the channel capacity in millisatoshis when the spec is consistent.</summary>
    public MilliSatoshi Total => Htlcs.Aggregate(ToLocal + ToRemote, (sum, h) => sum + h.Amount);
}
