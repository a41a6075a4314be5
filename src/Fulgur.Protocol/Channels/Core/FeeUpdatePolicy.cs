using Fulgur.Bitcoin.Fees;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// When the funder proposes a new commitment feerate. BOLT #2: "SHOULD send `update_fee` to ensure the current fee rate
/// is sufficient (by a significant margin) for timely processing of the commitment transaction." We follow the fee
/// estimate up as soon as it rises by more than <see cref="RaisePercent"/>% (a commitment that cannot confirm in time
/// puts the HTLCs at risk) and down only once it falls below half (lowering merely saves fees, so it need not chase
/// every wobble). One update at a time: none while an earlier one is not irrevocably committed.
/// </summary>
public static class FeeUpdatePolicy
{
    public const int RaisePercent = 10;

    /// <summary>The feerate to propose now, or null to leave the commitment feerate alone.</summary>
    public static FeeRate? Proposal(ChannelState state, FeeRate estimate)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not Normal { Commitments: var c } || !c.Params.LocalIsFunder || !c.FeeUpdates.IsEmpty)
            return null;
        // BOLT #2 receivers refuse a feerate "too low for timely processing, OR [...] unreasonably large": stay within
        // the floor every node relays and the ceiling we accept ourselves.
        var target = estimate < FeeRate.Floor ? FeeRate.Floor : estimate > ChannelCore.MaxUpdateFeerate ? ChannelCore.MaxUpdateFeerate : estimate;
        var current = c.Feerate;
        if (target.SatPerKw * 100 > current.SatPerKw * (100 + RaisePercent))
            return target;
        if (target.SatPerKw * 2 < current.SatPerKw)
            return target;
        return null;
    }
}
