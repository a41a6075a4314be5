using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// One HTLC of the channel and where it stands. <paramref name="Offered"/>: we offered it (its id is ours).
/// <paramref name="Removal"/>: the <c>update_fulfill_htlc</c>/<c>update_fail_htlc</c>/<c>update_fail_malformed_htlc</c>
/// removing it, once sent or received.
/// </summary>
public sealed record Htlc(
    bool Offered, ulong Id, MilliSatoshi Amount, PaymentHash PaymentHash, CltvExpiry CltvExpiry, ByteVector Onion, HtlcState State,
    IWireMessage? Removal)
{
    public bool IsFulfilled => Removal is UpdateFulfillHtlcMessage;
}

/// <summary>An <c>update_fee</c> on its way through both commitments (same states as an HTLC add).</summary>
public sealed record FeeUpdate(FeeRate Feerate, HtlcState State);
