using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// How much one new HTLC could carry now, in each direction (Core Lightning's <c>spendable_msat</c> and
/// <c>receivable_msat</c>): the offerer's balance once every update proposed so far is committed, less the reserve the
/// other side asked of it and, when the offerer is the funder, the commitment fee with one more HTLC output; at most
/// the receiver's remaining <c>max_htlc_value_in_flight_msat</c>, and nothing once its <c>max_accepted_htlcs</c> is reached.
/// An HTLC of this amount or less passes the same checks as <see cref="ChannelCore.AddHtlc"/> (the fee counted here is
/// never below the one those checks use).
/// </summary>
public static class ChannelCapacity
{
    /// <summary>The largest HTLC we could offer now.</summary>
    public static MilliSatoshi Spendable(Commitments commitments) => Capacity(commitments, offererIsLocal: true);

    /// <summary>The largest HTLC the peer could offer us now.</summary>
    public static MilliSatoshi Receivable(Commitments commitments) => Capacity(commitments, offererIsLocal: false);

    private static MilliSatoshi Capacity(Commitments c, bool offererIsLocal)
    {
        ArgumentNullException.ThrowIfNull(c);
        var receiverLimits = offererIsLocal ? c.Params.RemoteLimits : c.Params.LocalLimits;
        var offered = c.Htlcs.Where(h => h.Offered == offererIsLocal && h.Removal is null).ToList();
        if (offered.Count >= receiverLimits.MaxAcceptedHtlcs)
            return MilliSatoshi.Zero;
        var inFlight = offered.Aggregate(MilliSatoshi.Zero, (sum, h) => sum + h.Amount);
        var capacity = MilliSatoshi.FromSatoshi(c.Params.FundingAmount);
        var limit = receiverLimits.MaxHtlcValueInFlight.Clamp(capacity);
        var best = limit - inFlight;
        var offererIsFunder = offererIsLocal == c.Params.LocalIsFunder;
        var reserve = MilliSatoshi.FromSatoshi(offererIsLocal ? c.Params.RemoteLimits.ChannelReserve : c.Params.LocalLimits.ChannelReserve);
        foreach (var local in new[] { true, false })
        {
            var spec = c.ProjectedSpec(local);
            var dust = local ? c.Params.LocalLimits.DustLimit : c.Params.RemoteLimits.DustLimit;
            var untrimmed = spec.Htlcs.Count(h => !Bolt3Fees.IsTrimmed(h, spec.Feerate, dust, c.Params.Format));
            var fee = MilliSatoshi.FromSatoshi(Bolt3Fees.CommitmentFee(spec.Feerate, untrimmed + 1, c.Params.Format));
            var offererBalance = offererIsLocal == local ? spec.ToLocal : spec.ToRemote;
            var room = offererBalance - reserve - (offererIsFunder ? fee : MilliSatoshi.Zero);
            if (room < best)
                best = room;
            if (!offererIsFunder)
            {
                // The funder must still afford the fee with the new HTLC output.
                var funderBalance = offererIsLocal == local ? spec.ToRemote : spec.ToLocal;
                if (funderBalance < fee)
                    return MilliSatoshi.Zero;
            }
        }
        return best < MilliSatoshi.Zero ? MilliSatoshi.Zero : best;
    }
}
